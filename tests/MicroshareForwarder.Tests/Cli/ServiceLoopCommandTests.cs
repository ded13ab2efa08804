using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.Composition;

namespace MicroshareForwarder.Tests.Cli;

public sealed class ServiceLoopCommandTests
{
    [Fact]
    public async Task Serve_StopSignalWhileWaiting_ExitsZero()
    {
        var directory = Directory.CreateTempSubdirectory("forwarder-serve-").FullName;
        try
        {
            await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 150 });
            var cli = new CliHarness(sandbox.CreateSettings(Path.Combine(directory, "state")));
            using var stop = new CancellationTokenSource();

            var serving = cli.InvokeAsync(["serve", "--interval", "1h", "--jitter", "1m"], stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (sandbox.EventHubs.GetReceived(sandbox.HubName).Count < 150 && DateTime.UtcNow < deadline && !serving.IsCompleted)
            {
                await Task.Delay(50);
            }

            await WaitForStateFileAsync(Path.Combine(directory, "state", "state.json"), deadline);
            await stop.CancelAsync();
            var result = await serving.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(150, sandbox.EventHubs.GetReceived(sandbox.HubName).Count);
            Assert.Contains("Cycle 1 ended with exit code 0", result.Error, StringComparison.Ordinal);
            Assert.Contains("Service loop stopped by a signal after 1 cycles", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_InvalidConfiguration_ExitsSeventyEight()
    {
        var cli = new CliHarness(new Dictionary<string, string>());

        var result = await cli.InvokeAsync(["serve", "--interval", "1h"]);

        Assert.Equal(78, result.ExitCode);
    }

    [Fact]
    public void Schedule_NextDelay_StaysWithinJitter()
    {
        var schedule = new ServiceLoopSchedule(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
        var random = new Random(7);

        var delays = Enumerable.Range(0, 1000).Select(_ => schedule.NextDelay(random)).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromHours(1), TimeSpan.FromMinutes(65)));
        Assert.True(delays.Max() - delays.Min() > TimeSpan.FromMinutes(4), "the jitter spreads the delays");
    }

    private static async Task WaitForStateFileAsync(string path, DateTime deadline)
    {
        while (!File.Exists(path) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
