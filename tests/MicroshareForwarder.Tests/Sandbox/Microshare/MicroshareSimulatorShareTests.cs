using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorShareTests
{
    private const string Path = "share/io.microshare.occupancy.unpacked";

    [Fact]
    public async Task Page_DescendingSort_ReturnsEnvelopeNewestFirst()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 25 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument page = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&page=2&perPage=10&sort=-tstamp");

        JsonElement meta = page.RootElement.GetProperty("meta");
        Assert.Equal(3, meta.GetProperty("totalPages").GetInt32());
        Assert.Equal(2, meta.GetProperty("currentPage").GetInt32());
        Assert.Equal(10, meta.GetProperty("perPage").GetInt32());
        Assert.Equal(25, meta.GetProperty("totalCount").GetInt32());
        Assert.Equal(10, meta.GetProperty("currentCount").GetInt32());
        Assert.Equal("db", meta.GetProperty("source").GetString());
        List<string> expected = simulator.Records.Reverse().Skip(10).Take(10).Select(record => record.Id).ToList();
        Assert.Equal(expected, SimulatorClient.Ids(page));
        Assert.Equal(1, simulator.PageRequests);
    }

    [Fact]
    public async Task Page_AscendingAndDefaultSort_ReturnOldestFirst()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 25 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument ascending = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=5&sort=tstamp");
        using JsonDocument unsorted = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=5");

        List<string> expected = simulator.Records.Take(5).Select(record => record.Id).ToList();
        Assert.Equal(expected, SimulatorClient.Ids(ascending));
        Assert.Equal(expected, SimulatorClient.Ids(unsorted));
    }

    [Fact]
    public async Task Page_DefaultPerPage_Is999()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 1000 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument page = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true");

        Assert.Equal(999, page.RootElement.GetProperty("meta").GetProperty("perPage").GetInt32());
        Assert.Equal(999, page.RootElement.GetProperty("objs").GetArrayLength());
        Assert.Equal(2, page.RootElement.GetProperty("meta").GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task Page_RecordBytes_AppearUnchangedInBody()
    {
        var options = new MicroshareSimulatorOptions { RecordCount = 40, LegacyRecordFraction = 0.3, TwelveHourTstampFraction = 0.3 };
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(options);
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, $"{Path}?details=true&perPage=40&sort=-tstamp"));
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        foreach (SimulatedRecord record in simulator.Records)
        {
            Assert.True(body.AsSpan().IndexOf(record.Json) >= 0, $"record {record.Id} is not byte-identical in the page");
        }
    }

    [Fact]
    public async Task Records_EncodingFractions_ProduceEveryTstampForm()
    {
        var options = new MicroshareSimulatorOptions { RecordCount = 200, LegacyRecordFraction = 0.3, TwelveHourTstampFraction = 0.3 };
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(options);

        var kinds = simulator.Records
            .Select(record => JsonDocument.Parse(record.Json).RootElement.GetProperty("tstamp").ValueKind)
            .ToHashSet();
        bool anyOid = simulator.Records.Any(record => Encoding.UTF8.GetString(record.Json).Contains("{\"$oid\":", StringComparison.Ordinal));
        bool anyTwelveHour = simulator.Records.Any(record =>
            JsonDocument.Parse(record.Json).RootElement.GetProperty("tstamp") is { ValueKind: JsonValueKind.String } tstamp
            && tstamp.GetString() == record.Tstamp.UtcDateTime.ToString("MM/dd/yyyy hh:mm:ss:fff tt", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(JsonValueKind.Number, kinds);
        Assert.Contains(JsonValueKind.Object, kinds);
        Assert.Contains(JsonValueKind.String, kinds);
        Assert.True(anyOid, "no legacy $oid record");
        Assert.True(anyTwelveHour, "no 12-hour tstamp record");
    }

    [Fact]
    public async Task Records_SameSeedAndClock_AreEqual()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using MicroshareSimulator first = await MicroshareSimulator.StartAsync(new() { RecordCount = 20, Seed = 5, TimeProvider = time });
        await using MicroshareSimulator second = await MicroshareSimulator.StartAsync(new() { RecordCount = 20, Seed = 5, TimeProvider = time });

        Assert.Equal(first.Records.Select(record => record.Json), second.Records.Select(record => record.Json));
    }

    [Fact]
    public async Task Page_DetailsFalse_OmitsData()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 5 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument page = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=false");

        JsonElement obj = page.RootElement.GetProperty("objs")[0];
        Assert.False(obj.TryGetProperty("data", out _));
        Assert.Matches(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}:\d{3} (AM|PM)$", obj.GetProperty("tstamp").GetString());
    }

    [Fact]
    public async Task Page_AcceptGzip_ReturnsGzipBody()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 30 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);
        using HttpRequestMessage request = SimulatorClient.Get(token, $"{Path}?details=true");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using HttpResponseMessage response = await client.SendAsync(request);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using JsonDocument page = await JsonDocument.ParseAsync(gzip);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(30, page.RootElement.GetProperty("objs").GetArrayLength());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Page_AcceptOtherEncoding_ReturnsDecodableBody(string encoding)
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3 });
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.Brotli | DecompressionMethods.Deflate };
        using var client = new HttpClient(handler) { BaseAddress = simulator.BaseUrl };
        string token = await SimulatorClient.GetTokenAsync(client);
        using HttpRequestMessage request = SimulatorClient.Get(token, $"{Path}?details=true");
        request.Headers.AcceptEncoding.Clear();
        request.Headers.AcceptEncoding.ParseAdd(encoding);

        using HttpResponseMessage response = await client.SendAsync(request);
        using JsonDocument page = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(3, page.RootElement.GetProperty("objs").GetArrayLength());
    }

    [Fact]
    public async Task Page_HiddenRecords_RaiseTotalCountAndPages()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 20, HiddenRecordCount = 15 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument lastVisible = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=10&page=2");
        using JsonDocument beyond = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=10&page=4");

        JsonElement meta = lastVisible.RootElement.GetProperty("meta");
        Assert.Equal(35, meta.GetProperty("totalCount").GetInt32());
        Assert.Equal(4, meta.GetProperty("totalPages").GetInt32());
        Assert.Equal(10, meta.GetProperty("currentCount").GetInt32());
        Assert.Equal(0, beyond.RootElement.GetProperty("objs").GetArrayLength());
    }

    [Fact]
    public async Task Page_ShortAndEmptyPages_KeepLaterRecords()
    {
        var options = new MicroshareSimulatorOptions
        {
            RecordCount = 30,
            ShortPages = new HashSet<int> { 1 },
            EmptyPages = new HashSet<int> { 2 },
        };
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(options);
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        var counts = new List<int>();
        var ids = new List<string>();
        long totalCount = 0;
        for (int page = 1; page <= 6; page++)
        {
            using JsonDocument document = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=10&sort=-tstamp&page={page}");
            counts.Add(document.RootElement.GetProperty("objs").GetArrayLength());
            ids.AddRange(SimulatorClient.Ids(document));
            totalCount = document.RootElement.GetProperty("meta").GetProperty("totalCount").GetInt64();
        }

        Assert.Equal([5, 0, 10, 10, 5, 0], counts);
        Assert.Equal(simulator.Records.Reverse().Select(record => record.Id), ids);
        Assert.Equal(45, totalCount);
    }

    [Fact]
    public async Task Page_OmitMeta_HasOnlyObjs()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3, OmitMeta = true });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument page = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true");

        Assert.False(page.RootElement.TryGetProperty("meta", out _));
        Assert.Equal(3, page.RootElement.GetProperty("objs").GetArrayLength());
    }

    [Fact]
    public async Task InsertRecords_DuringWalk_ShiftsPages()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 30 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument first = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=10&sort=-tstamp&page=1");
        simulator.InsertRecords(4);
        using JsonDocument second = await SimulatorClient.GetJsonAsync(client, token, $"{Path}?details=true&perPage=10&sort=-tstamp&page=2");

        Assert.Equal(34, simulator.Records.Count);
        Assert.Equal(SimulatorClient.Ids(first).Skip(6), SimulatorClient.Ids(second).Take(4));
        Assert.True(simulator.Records[^1].Tstamp > simulator.Records[^5].Tstamp);
        Assert.Equal(34, second.RootElement.GetProperty("meta").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Page_OtherRecType_IsEmpty()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        using JsonDocument page = await SimulatorClient.GetJsonAsync(client, token, "share/io.microshare.other?details=true");

        Assert.Equal(0, page.RootElement.GetProperty("objs").GetArrayLength());
        Assert.Equal(0, page.RootElement.GetProperty("meta").GetProperty("totalCount").GetInt32());
    }
}
