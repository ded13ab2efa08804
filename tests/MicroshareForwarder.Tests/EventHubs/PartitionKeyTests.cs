using System.Text.Json;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>A partition key path keeps each device's events on one key, in record time order.</summary>
public sealed class PartitionKeyTests
{
    [Fact]
    public async Task DeviceIdPath_Run_SendsEachDeviceInTimeOrder()
    {
        // 350 records over 4 pages of 100, so each device's events span pages that the walk reads newest first.
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 350);
        var endpoint = await harness.StartEndpointAsync();
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.ConnectionStringSettings(endpoint),
            new Dictionary<string, string> { ["EVENTHUB_PARTITION_KEY_PATH"] = "/data/device/id" });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var received = endpoint.GetReceived("telemetry");
        Assert.Equal(350, received.Count);
        var byDevice = received
            .Select(item => (Event: item, Record: JsonDocument.Parse(item.Body).RootElement))
            .GroupBy(item => item.Record.GetProperty("data").GetProperty("device").GetProperty("id").GetString())
            .ToList();
        Assert.True(byDevice.Count > 1, "the simulator should spread records over several devices");
        foreach (var device in byDevice)
        {
            Assert.All(device, item => Assert.Equal(device.Key, item.Event.PartitionKey));
            var times = device.Select(item => item.Record.GetProperty("tstamp").GetInt64()).ToList();
            Assert.Equal(times.Order().ToList(), times);
        }
    }

    [Fact]
    public async Task NoPath_Run_SendsNoPartitionKey()
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 20);
        var endpoint = await harness.StartEndpointAsync();

        var result = await ForwarderHarness.RunAsync(ForwarderHarness.Merge(harness.CreateEnvironment(), harness.ConnectionStringSettings(endpoint)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(endpoint.GetReceived("telemetry"), item => Assert.Null(item.PartitionKey));
    }
}
