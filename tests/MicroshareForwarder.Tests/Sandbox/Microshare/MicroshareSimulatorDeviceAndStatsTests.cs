using System.Net;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorDeviceAndStatsTests
{
    [Fact]
    public async Task DeviceCluster_KnownId_ListsDevicesWithLocations()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument cluster = await SimulatorClient.GetJsonAsync(client, token, "device/io.microshare.occupancy.packed/sandbox-cluster?details=true");
        using HttpResponseMessage unknown = await client.SendAsync(SimulatorClient.Get(token, "device/io.microshare.occupancy.packed/other?details=true"));

        JsonElement obj = cluster.RootElement.GetProperty("objs")[0];
        Assert.Equal("com.example.sandbox", obj.GetProperty("owner").GetProperty("org").GetString());
        JsonElement devices = obj.GetProperty("data").GetProperty("devices");
        Assert.Equal(4, devices.GetArrayLength());
        Assert.Equal("Building A", devices[0].GetProperty("meta").GetProperty("location")[0].GetString());
        Assert.Equal("Building B", devices[3].GetProperty("meta").GetProperty("location")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Stats_WithoutSource_ShowsRecordsAndNoHubs()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 7 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("_sandbox/stats"));

        Assert.Equal(7, stats.RootElement.GetProperty("records").GetInt32());
        Assert.Empty(stats.RootElement.GetProperty("hubs").EnumerateObject());
        Assert.Empty(simulator.RequestPaths);
    }

    [Fact]
    public async Task Stats_SourceSetAfterStart_ShowsHubCounts()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 7 });
        using HttpClient client = SimulatorClient.Create(simulator);

        simulator.StatsSource = new FixedStats();
        simulator.InsertRecords(3);
        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("_sandbox/stats"));

        Assert.Equal(10, stats.RootElement.GetProperty("records").GetInt32());
        JsonElement hub = stats.RootElement.GetProperty("hubs").GetProperty("occupancy");
        Assert.Equal(12, hub.GetProperty("received").GetInt64());
        Assert.Equal(10, hub.GetProperty("distinctIds").GetInt32());
    }

    private sealed class FixedStats : ISandboxStatsSource
    {
        public IReadOnlyDictionary<string, SandboxHubStats> GetHubStats() =>
            new Dictionary<string, SandboxHubStats> { ["occupancy"] = new(12, 10) };
    }
}
