using System.Diagnostics;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.State;

public sealed class InstanceLockProcessTests
{
    [Fact]
    public async Task SecondRun_WhileFirstHoldsLock_Exits75NamingHolder()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 1500 });
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory);
        string[] run = ["run", "--env-file", envFile];

        using var first = ForwarderProcess.Start(run, new Dictionary<string, string> { [PhasePause.EnvironmentVariable] = $"{PhasePause.PageFetched}@1" });
        await first.Paused.WaitAsync(TimeSpan.FromSeconds(60));

        var stopwatch = Stopwatch.StartNew();
        using var second = ForwarderProcess.Start(run);
        var secondExit = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));
        stopwatch.Stop();

        Assert.Equal(75, secondExit);
        Assert.Contains($"process id {first.Id}", second.Stderr, StringComparison.Ordinal);
        Assert.Contains(directory.StateDirectory, second.Stderr, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"The second run took {stopwatch.Elapsed.TotalSeconds:F1} s to give up; it must not wait for the lock.");
        Assert.Equal(0L, sandbox.EventHubs.GetReceivedCount(sandbox.HubName));

        first.Resume();
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var check = DeliveryCheck.Compare(sandbox.Simulator.Records, sandbox.EventHubs.GetReceived(sandbox.HubName));
        Assert.True(check.Passed, check.Describe());
    }
}
