using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.State;

public sealed class StoreCorruptionTests
{
    public static TheoryData<string> Damages => ["truncated-half", "truncated-empty", "garbage-header"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Run_DamagedStore_Exits74KeepsFileAndNamesFix(string damage)
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 1200 });
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory);
        var first = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);
        Assert.Equal(0, first.ExitCode);

        var database = Path.Combine(directory.StateDirectory, "forwarder.db");
        var originalLength = new FileInfo(database).Length;
        Damage(database, damage);
        var damagedBytes = File.ReadAllBytes(database);

        var second = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

        Assert.Equal(74, second.ExitCode);
        Assert.Contains($"'{database}'", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("restore a backup", second.Stderr, StringComparison.Ordinal);
        var movedAside = Directory.GetFiles(directory.StateDirectory, "forwarder.db.corrupt-*").Where(path => !path.EndsWith("-wal", StringComparison.Ordinal) && !path.EndsWith("-shm", StringComparison.Ordinal)).ToList();
        Assert.Single(movedAside);
        Assert.Equal(damagedBytes, File.ReadAllBytes(movedAside[0]));
        Assert.Contains(movedAside[0], second.Stderr, StringComparison.Ordinal);
        Assert.True(originalLength > 0);

        var third = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

        Assert.Equal(74, third.ExitCode);
        Assert.Contains(movedAside[0], third.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(database), "A run created a new, empty store although a damaged one waits for a decision.");
        Assert.Equal(1200L, sandbox.EventHubs.GetReceivedCount(sandbox.HubName));
    }

    private static void Damage(string database, string damage)
    {
        switch (damage)
        {
            case "truncated-half":
                using (var stream = new FileStream(database, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(stream.Length / 2);
                }

                break;
            case "truncated-empty":
                using (var stream = new FileStream(database, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(0);
                }

                break;
            default:
                var garbage = new byte[4096];
                new Random(7).NextBytes(garbage);
                using (var stream = new FileStream(database, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(garbage);
                }

                break;
        }
    }
}
