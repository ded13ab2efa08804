using System.Text.Json;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Pipeline;

public sealed class ServerBusyTests
{
    [Fact]
    public async Task Run_HubServerBusy_Exits75ThenNextRunDeliversOnce()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 1500 });
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory, new Dictionary<string, string>
        {
            ["EVENTHUB_MAX_RETRIES"] = "1",
            ["EVENTHUB_TRY_TIMEOUT"] = "2s",
        });

        // The hub rejects with server-busy for a minute; the run gives up after its single retry.
        sandbox.EventHubs.SetFault(EventHubsFault.ServerBusy, TimeSpan.FromMinutes(1));
        var busy = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

        Assert.Equal(75, busy.ExitCode);
        Assert.Equal(0L, sandbox.EventHubs.GetReceivedCount(sandbox.HubName));
        Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "delivered"));
        Assert.Null(StoreInspector.Watermark(directory.StateDirectory, "share"));
        Assert.True(StoreInspector.Count(directory.StateDirectory, "outbox") > 0, "The fetched page should wait in the outbox.");
        using (var state = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory.StateDirectory, "state.json"))))
        {
            Assert.Equal(75, state.RootElement.GetProperty("lastRun").GetProperty("exitCode").GetInt32());
            Assert.Equal("failed", state.RootElement.GetProperty("lastRun").GetProperty("result").GetString());
            Assert.Contains("unavailable", state.RootElement.GetProperty("lastRun").GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        // The minute is cut short: the hub recovers.
        sandbox.EventHubs.SetFault(EventHubsFault.None, TimeSpan.MaxValue);
        var recovered = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

        Assert.Equal(0, recovered.ExitCode);
        var check = DeliveryCheck.Compare(sandbox.Simulator.Records, sandbox.EventHubs.GetReceived(sandbox.HubName));
        Assert.True(check.Passed, check.Describe());
        Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "outbox"));
        Assert.NotNull(StoreInspector.Watermark(directory.StateDirectory, "share"));
    }
}
