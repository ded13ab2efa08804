using System.Net;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorViewTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 14, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dashboard_UnknownViewId_Returns404NotFoundText()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, DashboardUrl(viewId: "unknown")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("io.microshare.utils.NotFoundException: Record not found or inaccessible.", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("&dataContext=CTX&dataContext=room")]
    [InlineData("&dataContext=%5B%22CTX%22%5D&dataContext=%5B%22room%22%5D")]
    [InlineData("")]
    public async Task Dashboard_BadDataContext_Returns503(string dataContext)
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, DashboardUrl(dataContext: dataContext)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("unresolvable property", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("field4")]
    [InlineData("field5")]
    [InlineData("field6")]
    public async Task Dashboard_MissingPlaceholderField_Returns503(string field)
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        string url = DashboardUrl().Replace($"&{field}={field}", "", StringComparison.Ordinal);
        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, url));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("unresolvable property", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_HourlySnapshot_OneEntryPerHour()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument result = await SimulatorClient.GetJsonAsync(client, token, DashboardUrl());

        JsonElement objs = result.RootElement.GetProperty("objs");
        Assert.Equal(4, objs.GetArrayLength());
        JsonElement first = objs[0].GetProperty("data");
        Assert.Equal(["Building A", "1st Floor", "Room 1"], first.GetProperty("_id").GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        List<string?> times = first.GetProperty("line").EnumerateArray().Select(entry => entry.GetProperty("time").GetString()).ToList();
        Assert.Equal(
            ["2025-11-14T00:00:00.000Z", "2025-11-14T01:00:00.000Z", "2025-11-14T02:00:00.000Z", "2025-11-14T03:00:00.000Z", "2025-11-14T04:00:00.000Z", "2025-11-14T05:00:00.000Z"],
            times);
        Assert.True(first.GetProperty("line")[0].GetProperty("current").TryGetProperty("sum", out _));
    }

    [Fact]
    public async Task Dashboard_Loc1_FiltersBuilding()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument result = await SimulatorClient.GetJsonAsync(client, token, DashboardUrl() + "&loc1=Building%20B");

        JsonElement obj = Assert.Single(result.RootElement.GetProperty("objs").EnumerateArray());
        Assert.Equal("Lobby", obj.GetProperty("data").GetProperty("_id").GetProperty("tags")[2].GetString());
    }

    [Fact]
    public async Task SetDashboardValue_ChangesThatHourOnly()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);
        using JsonDocument before = await SimulatorClient.GetJsonAsync(client, token, DashboardUrl());

        simulator.SetDashboardValue("Building A/1st Floor/Room 1", new DateTimeOffset(2025, 11, 14, 3, 0, 0, TimeSpan.Zero), 42);
        using JsonDocument after = await SimulatorClient.GetJsonAsync(client, token, DashboardUrl());

        JsonElement beforeLine = before.RootElement.GetProperty("objs")[0].GetProperty("data").GetProperty("line");
        JsonElement afterLine = after.RootElement.GetProperty("objs")[0].GetProperty("data").GetProperty("line");
        Assert.Equal(42, afterLine[3].GetProperty("current").GetProperty("sum").GetInt32());
        Assert.Equal(beforeLine[2].GetRawText(), afterLine[2].GetRawText());
    }

    [Fact]
    public async Task Dashboard_PeopleCounter_ReturnsDailyTotalsAndChange()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);
        simulator.SetDashboardValue("Building A/1st Floor/Room 1", new DateTimeOffset(2025, 11, 14, 0, 0, 0, TimeSpan.Zero), 10);
        simulator.SetDashboardValue("Building A/1st Floor/Room 1", new DateTimeOffset(2025, 11, 14, 1, 0, 0, TimeSpan.Zero), 4);

        string url = DashboardUrl(
            recType: "io.microshare.peoplecounter.unpacked.event.agg",
            dataContext: "&dataContext=" + Uri.EscapeDataString("[\"people\"]"),
            fields: "&field1=daily_total&field2=meta&field3=change&field4=field4&field5=field5&field6=field6",
            to: "2025-11-14T01:00:00.000Z");
        using JsonDocument result = await SimulatorClient.GetJsonAsync(client, token, url);

        JsonElement entry = result.RootElement.GetProperty("objs")[0].GetProperty("data").GetProperty("line")[1];
        Assert.Equal(4, entry.GetProperty("change").GetProperty("in").GetInt32());
        Assert.Equal(14, entry.GetProperty("daily_total").GetProperty("in").GetInt32());
        Assert.Equal(7, entry.GetProperty("daily_total").GetProperty("out").GetInt32());
    }

    [Fact]
    public async Task Dashboard_FutureHours_AreLeftOut()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument result = await SimulatorClient.GetJsonAsync(client, token, DashboardUrl(to: "2025-11-15T00:00:00.000Z"));

        JsonElement line = result.RootElement.GetProperty("objs")[0].GetProperty("data").GetProperty("line");
        Assert.Equal(13, line.GetArrayLength());
        Assert.Equal("2025-11-14T12:00:00.000Z", line[12].GetProperty("time").GetString());
    }

    [Fact]
    public async Task RangeView_KnownId_ReturnsRecordsInRange()
    {
        await using MicroshareSimulator simulator = await StartAsync();
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);
        IReadOnlyList<SimulatedRecord> records = simulator.Records;
        string from = Uri.EscapeDataString(records[10].Tstamp.ToString("O"));
        string to = Uri.EscapeDataString(records[14].Tstamp.ToString("O"));

        using JsonDocument result = await SimulatorClient.GetJsonAsync(client, token, $"share/com.example.range?id=sandbox-range-view&from={from}&to={to}");
        using HttpResponseMessage unknown = await client.SendAsync(SimulatorClient.Get(token, $"share/com.example.range?id=nope&from={from}&to={to}"));

        Assert.Equal(records.Skip(10).Take(5).Reverse().Select(record => record.Id), SimulatorClient.Ids(result));
        Assert.Equal("com.example.range", result.RootElement.GetProperty("objs")[0].GetProperty("recType").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static Task<MicroshareSimulator> StartAsync() =>
        MicroshareSimulator.StartAsync(new() { RecordCount = 30, TimeProvider = new FakeTimeProvider(Now) });

    private static string DashboardUrl(
        string viewId = "sandbox-dashboard-view",
        string recType = "io.microshare.lake.snapshot.hourly",
        string? dataContext = null,
        string fields = "&field1=current&field2=field2&field3=field3&field4=field4&field5=field5&field6=field6",
        string to = "2025-11-14T05:00:00.000Z") =>
        $"share/io.microshare.fm.master.agg/?id={viewId}&recType={recType}"
        + $"&from=2025-11-14T00:00:00.000Z&to={to}"
        + (dataContext ?? "&dataContext=" + Uri.EscapeDataString("[\"CTX\",\"occupancytesting\",\"room\"]"))
        + fields
        + "&category=space&metric=occupancy&ownerOrg=" + Uri.EscapeDataString("\"[a-zA-Z]\"");
}
