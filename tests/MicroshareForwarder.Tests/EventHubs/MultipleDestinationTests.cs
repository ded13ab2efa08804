using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>A feed with two destination hubs tracks delivery per hub.</summary>
public sealed class MultipleDestinationTests
{
    private const int RecordCount = 250;

    [Fact]
    public async Task SecondHubDown_Runs_EachHubReceivesEverythingOnce()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var first = await harness.StartEndpointAsync("telemetry");
        var second = await harness.StartEndpointAsync("tenant-b", fault: EventHubsFault.ServerBusy);
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.ConnectionStringSettings(first, "telemetry"),
            harness.ConnectionStringSettings(second, "tenant-b", prefix: "TENANTB_"),
            new Dictionary<string, string>
            {
                ["EVENTHUB_EXTRA_DESTINATIONS"] = "tenantb",
                ["TENANTB_EVENTHUB_MAX_RETRIES"] = "0",
            });

        var whileDown = await ForwarderHarness.RunAsync(environment);
        var firstAfterOutage = first.GetReceivedCount("telemetry");
        second.SetFault(EventHubsFault.None);
        var afterRecovery = await ForwarderHarness.RunAsync(environment);

        Assert.True(whileDown.ExitCode == 75, whileDown.ToString());
        Assert.Contains("'tenant-b'", whileDown.Error, StringComparison.Ordinal);
        Assert.Equal(RecordCount, firstAfterOutage);
        Assert.True(afterRecovery.ExitCode == 0, afterRecovery.ToString());
        Assert.Equal(RecordCount, first.GetReceivedCount("telemetry"));
        Assert.Equal(RecordCount, first.GetDistinctIdCount("telemetry"));
        Assert.Equal(RecordCount, second.GetReceivedCount("tenant-b"));
        Assert.Equal(RecordCount, second.GetDistinctIdCount("tenant-b"));
    }

    [Fact]
    public async Task SameHubTwice_Run_Exits78()
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 5);
        var endpoint = await harness.StartEndpointAsync();
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.ConnectionStringSettings(endpoint),
            harness.ConnectionStringSettings(endpoint, prefix: "COPY_"),
            new Dictionary<string, string> { ["EVENTHUB_EXTRA_DESTINATIONS"] = "copy" });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Contains("another destination already publishes to", result.Error, StringComparison.Ordinal);
    }
}
