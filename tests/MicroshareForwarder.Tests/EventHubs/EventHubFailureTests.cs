using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>Permanent Event Hubs failures end the run within seconds, with the exit code and the fix.</summary>
public sealed class EventHubFailureTests
{
    private static readonly TimeSpan PermanentFailureDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Unauthorized_Run_Exits77NamingRole()
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 20);
        var endpoint = await harness.StartEndpointAsync(fault: EventHubsFault.Unauthorized);

        var result = await ForwarderHarness.RunAsync(ForwarderHarness.Merge(harness.CreateEnvironment(), harness.ConnectionStringSettings(endpoint)));

        Assert.True(result.ExitCode == 77, result.ToString());
        Assert.True(result.Elapsed < PermanentFailureDeadline, result.ToString());
        Assert.Contains("Azure Event Hubs Data Sender", result.Error, StringComparison.Ordinal);
        Assert.Contains("'telemetry'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'127.0.0.1'", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
    }

    [Fact]
    public async Task UnknownHub_Run_Exits78NamingHub()
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 20);
        var endpoint = await harness.StartEndpointAsync();
        var settings = harness.ConnectionStringSettings(endpoint);
        settings["EVENTHUB_CONNECTION_STRING"] = settings["EVENTHUB_CONNECTION_STRING"].Replace(";EntityPath=telemetry", string.Empty, StringComparison.Ordinal);
        settings["EVENTHUB_NAME"] = "no-such-hub";

        var result = await ForwarderHarness.RunAsync(ForwarderHarness.Merge(harness.CreateEnvironment(), settings));

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.True(result.Elapsed < PermanentFailureDeadline, result.ToString());
        Assert.Contains("'no-such-hub'", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerBusy_Run_Exits75KeepingOutbox()
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 20);
        var endpoint = await harness.StartEndpointAsync(fault: EventHubsFault.ServerBusy);
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.ConnectionStringSettings(endpoint),
            new Dictionary<string, string> { ["EVENTHUB_MAX_RETRIES"] = "0" });

        var failed = await ForwarderHarness.RunAsync(environment);
        endpoint.SetFault(EventHubsFault.None);
        var recovered = await ForwarderHarness.RunAsync(environment);

        Assert.True(failed.ExitCode == 75, failed.ToString());
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Equal(20, endpoint.GetReceivedCount("telemetry"));
        Assert.Equal(20, endpoint.GetDistinctIdCount("telemetry"));
    }
}
