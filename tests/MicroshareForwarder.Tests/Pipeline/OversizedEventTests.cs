using System.Text.Json;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Pipeline;

public sealed class OversizedEventTests
{
    private const long HubMaxBytes = 64 * 1024;

    [Fact]
    public async Task Run_EventTooLarge_QuarantinesItDeliversRest()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 1500, MaxMessageSizeBytes = HubMaxBytes });
        sandbox.Simulator.InsertRecords(1, minimumRecordBytes: 100_000);
        var oversized = sandbox.Simulator.Records[^1];
        var oversizedId = oversized.Id;
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory);

        var run = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile, "--output", "json");

        Assert.Equal(0, run.ExitCode);
        using (var summary = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]))
        {
            var feed = summary.RootElement.GetProperty("feeds").GetProperty("share");
            Assert.Equal(1, feed.GetProperty("quarantined").GetInt64());
            Assert.Equal(1500, feed.GetProperty("forwarded").GetInt64());
        }

        var others = sandbox.Simulator.Records.Where(record => record.Id != oversizedId).ToList();
        var received = sandbox.EventHubs.GetReceived(sandbox.HubName);
        var check = DeliveryCheck.Compare(others, received);
        Assert.True(check.Passed, check.Describe());
        Assert.DoesNotContain(received, item => item.MessageId == oversizedId);
        Assert.Equal(oversized.Tstamp.ToUnixTimeMilliseconds(), StoreInspector.Watermark(directory.StateDirectory, "share"));
        Assert.DoesNotContain(new string('x', 1000), run.Stderr, StringComparison.Ordinal);

        var list = await InProcessForwarder.InvokeAsync("quarantine", "list", "--env-file", envFile);

        Assert.Equal(0, list.ExitCode);
        Assert.Contains(oversizedId, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not fit the limit", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 1000), list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineCommands_ExportAndRetry_MoveEventBack()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 300, MaxMessageSizeBytes = HubMaxBytes });
        sandbox.Simulator.InsertRecords(1, minimumRecordBytes: 100_000);
        var oversized = sandbox.Simulator.Records[^1];
        var oversizedId = oversized.Id;
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory);
        Assert.Equal(0, (await InProcessForwarder.InvokeAsync("run", "--env-file", envFile)).ExitCode);

        var list = await InProcessForwarder.InvokeAsync("quarantine", "list", "--env-file", envFile, "--output", "json");
        using var listed = JsonDocument.Parse(list.Stdout.Trim());
        Assert.Equal(1, listed.RootElement.GetProperty("count").GetInt32());
        var entry = listed.RootElement.GetProperty("quarantined")[0];
        Assert.Equal(oversizedId, entry.GetProperty("eventId").GetString());
        Assert.False(entry.TryGetProperty("body", out _), "list must not print payloads.");
        var quarantineId = entry.GetProperty("id").GetInt64();

        var exportPath = Path.Combine(directory.Path, "quarantine.jsonl");
        var export = await InProcessForwarder.InvokeAsync("quarantine", "export", "--env-file", envFile, "--file", exportPath);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(exportPath));
        var lines = File.ReadAllLines(exportPath);
        Assert.Single(lines);
        using (var exported = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(oversizedId, exported.RootElement.GetProperty("eventId").GetString());
            Assert.Equal(oversized.Json, System.Text.Encoding.UTF8.GetBytes(exported.RootElement.GetProperty("body").GetRawText()));
        }

        var unknown = await InProcessForwarder.InvokeAsync("quarantine", "retry", "--env-file", envFile, "--id", "999999");
        Assert.Equal(78, unknown.ExitCode);
        Assert.Contains("999999", unknown.Stderr, StringComparison.Ordinal);

        var neither = await InProcessForwarder.InvokeAsync("quarantine", "retry", "--env-file", envFile);
        Assert.NotEqual(0, neither.ExitCode);

        var retry = await InProcessForwarder.InvokeAsync("quarantine", "retry", "--env-file", envFile, "--id", quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("Moved 1", retry.Stdout, StringComparison.Ordinal);
        Assert.Equal(1L, StoreInspector.Count(directory.StateDirectory, "outbox"));
        Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "quarantine"));

        // The hub is still too small, so the next run drains the outbox into the quarantine again and loses nothing.
        var again = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(1L, StoreInspector.Count(directory.StateDirectory, "quarantine"));
        Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "outbox"));
        Assert.Equal(300L, sandbox.EventHubs.GetReceivedCount(sandbox.HubName));
    }
}
