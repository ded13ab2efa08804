using System.Text;
using System.Text.Json;
using MicroshareForwarder.Microshare;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class SharePageParserTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Microshare");

    [Theory]
    [InlineData("share-list-legacy-extended-json.json", 2)]
    [InlineData("share-list-details-true-overview.json", 1)]
    [InlineData("share-list-details-false.json", 2)]
    [InlineData("share-list-feedback-event-meta.json", 1)]
    [InlineData("share-get-one-legacy-extended-json.json", 1)]
    [InlineData("share-write-response.json", 1)]
    [InlineData("share-write-with-tags-response.json", 1)]
    [InlineData("view-response-derived.json", 1)]
    public void Parse_EnvelopeFixture_ReadsEveryRecordWithIdAndTime(string fixture, int expectedRecords)
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, fixture));

        var page = SharePageParser.Parse(1, body);

        Assert.Equal(expectedRecords, page.Records.Count);
        Assert.All(page.Records, record => Assert.False(string.IsNullOrEmpty(record.Id)));
        Assert.All(page.Records, record => Assert.NotNull(record.Timestamp));
    }

    [Theory]
    [InlineData("share-list-legacy-extended-json.json")]
    [InlineData("share-list-details-true-overview.json")]
    [InlineData("share-list-feedback-event-meta.json")]
    public void Parse_EnvelopeFixture_RecordBytesAreTheExactSlices(string fixture)
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, fixture));
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("objs").EnumerateArray().Select(record => record.GetRawText()).ToList();

        var page = SharePageParser.Parse(1, body);

        Assert.Equal(expected, page.Records.Select(record => Encoding.UTF8.GetString(record.Json.Span)).ToList());
    }

    [Fact]
    public void Parse_LegacyFixture_ReadsOidAndNumberLong()
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, "share-get-one-legacy-extended-json.json"));
        using var document = JsonDocument.Parse(body);
        var record = document.RootElement.GetProperty("objs")[0];
        var expectedId = record.GetProperty("_id").GetProperty("$oid").GetString();

        var page = SharePageParser.Parse(1, body);

        Assert.Equal(expectedId, page.Records[0].Id);
    }

    [Fact]
    public void Parse_MetaFromFixture_KeepsCountsThatDisagree()
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, "share-list-feedback-event-meta.json"));

        var page = SharePageParser.Parse(1, body);

        Assert.Equal(1000, page.Meta?.TotalCount);
        Assert.Equal(337, page.Meta?.CurrentCount);
        Assert.Equal(1, page.Meta?.TotalPages);
    }

    [Theory]
    [InlineData("{\"meta\":{}, \"objs\": [{\"id\":\"a\"}")]
    [InlineData("{\"meta\":{}}")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{\"objs\": [1, 2]}")]
    public void Parse_TruncatedOrMalformed_ThrowsJsonException(string body)
    {
        Assert.ThrowsAny<JsonException>(() => SharePageParser.Parse(1, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Parse_NoMeta_ReturnsNullMeta()
    {
        var page = SharePageParser.Parse(1, Encoding.UTF8.GetBytes("{\"objs\":[{\"id\":\"a\",\"tstamp\":1}]}"));

        Assert.Null(page.Meta);
        Assert.Single(page.Records);
    }
}
