using MicroshareForwarder.State;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>Batches follow the size limit that the hub reports on the link.</summary>
public sealed class EventHubBatchingTests
{
    private const int BasicTierLimitBytes = 262_144;
    private const int OversizedRecordBytes = 300_000;

    [Fact]
    public async Task BasicTierLimit_Run_FitsBatchesAndQuarantinesOversized()
    {
        // 2 KB records, so the 600 events need several batches under the 256 KB limit.
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 0);
        harness.Simulator.InsertRecords(300, minimumRecordBytes: 2048);
        harness.Simulator.InsertRecords(1, minimumRecordBytes: OversizedRecordBytes);
        harness.Simulator.InsertRecords(300, minimumRecordBytes: 2048);
        var oversizedId = harness.Simulator.Records[300].Id;
        var endpoint = await harness.StartEndpointAsync(maxMessageSizeBytes: BasicTierLimitBytes);

        var result = await ForwarderHarness.RunAsync(ForwarderHarness.Merge(harness.CreateEnvironment(), harness.ConnectionStringSettings(endpoint)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, endpoint.RejectedDeliveries);
        Assert.Equal(600, endpoint.GetDistinctIdCount("telemetry"));
        Assert.DoesNotContain(endpoint.GetReceived("telemetry"), received => received.MessageId == oversizedId);
        Assert.Contains("\"quarantined\":1", result.Output, StringComparison.Ordinal);
        using var store = ForwarderStore.Open(harness.StateDirectory, TimeProvider.System);
        Assert.Equal(1, store.CountQuarantined());
        Assert.Equal(0, store.CountOutbox());
    }
}
