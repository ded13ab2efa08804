using System.Text;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Tests.Pipeline;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class FixtureParsingTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Microshare");

    public static TheoryData<string> EnvelopeFixtures => new(
        "share-get-one-legacy-extended-json.json",
        "share-list-details-false.json",
        "share-list-details-true-overview.json",
        "share-list-feedback-event-meta.json",
        "share-list-legacy-extended-json.json",
        "share-write-response.json",
        "share-write-with-tags-response.json",
        "view-response-derived.json");

    [Theory]
    [MemberData(nameof(EnvelopeFixtures))]
    public void Fixture_Envelope_ParsesEveryRecordWithExactBytes(string name)
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, name));

        var page = SharePageParser.Parse(1, body);

        Assert.NotEmpty(page.Records);
        foreach (var record in page.Records)
        {
            Assert.NotNull(record.Id);
            Assert.NotNull(record.Timestamp);
            Assert.True(ContainsAt(body, record.Json.Span), "the record's bytes are not a slice of the page");
            Assert.Equal('{', (char)record.Json.Span[0]);
            Assert.Equal('}', (char)record.Json.Span[^1]);
        }
    }

    [Fact]
    public void Fixture_DeleteResponse_ParsesIdsWithoutTimestamps()
    {
        var page = SharePageParser.Parse(1, File.ReadAllBytes(Path.Combine(FixtureDirectory, "share-delete-response.json")));

        Assert.All(page.Records, record => Assert.NotNull(record.Id));
    }

    [Fact]
    public void Fixture_DashboardResponses_ParseLineEntries()
    {
        var response = DashboardParser.Parse(File.ReadAllBytes(Path.Combine(FixtureDirectory, "dashboard-fm-master-agg-snapshot-response.json")));
        var structure = DashboardParser.Parse(Encoding.UTF8.GetBytes("{\"objs\":[" + File.ReadAllText(Path.Combine(FixtureDirectory, "dashboard-fm-master-agg-obj-structure.json")) + "]}"));

        var entry = Assert.Single(response);
        Assert.Equal(new DateTimeOffset(2025, 11, 14, 14, 0, 0, TimeSpan.Zero), entry.Time);
        var tagged = Assert.Single(structure);
        Assert.Equal(["LocationA", "Floor-01", "Room-01", "DEVICEID001"], tagged.Tags);
        Assert.Equal(new DateTimeOffset(2025, 11, 12, 1, 0, 0, TimeSpan.Zero), tagged.Time);
    }

    [Theory]
    [InlineData("device-cluster-response.json", null, new[] { "Example Building" }, 0)]
    [InlineData("device-cluster-response.json", "com.example.EXAMPLE", new[] { "Example Building" }, 0)]
    [InlineData("device-cluster-response.json", "com.example.other", new string[0], 4)]
    [InlineData("device-cluster-list-discover-response.json", null, new[] { "Paris HQ" }, 0)]
    public void Fixture_DeviceCluster_ReadsFilteredLocations(string name, string? identity, string[] expected, int skipped)
    {
        var (locations, skippedCount) = DeviceClusterParser.ReadLocations(File.ReadAllBytes(Path.Combine(FixtureDirectory, name)), identity);

        Assert.Equal(expected, locations);
        Assert.Equal(skipped, skippedCount);
    }

    [Fact]
    public void MapPrefix_LongestKey_Replaced()
    {
        var map = new Dictionary<string, string> { ["Example"] = "X", ["Example Building"] = "EB" };

        Assert.Equal("EB 2", DeviceClusterParser.MapPrefix("Example Building 2", map));
        Assert.Equal("X Hall", DeviceClusterParser.MapPrefix("Example Hall", map));
        Assert.Equal("Other", DeviceClusterParser.MapPrefix("Other", map));
    }

    [Fact]
    public async Task ShareBodies_MixedEncodings_ForwardedByteEqual()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions
        {
            RecordCount = 120,
            LegacyRecordFraction = 0.3,
            TwelveHourTstampFraction = 0.3,
        });

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        var byId = rig.Received.ToDictionary(item => item.MessageId!, StringComparer.Ordinal);
        Assert.Equal(120, byId.Count);
        foreach (var record in rig.Simulator.Records)
        {
            Assert.Equal(record.Json, byId[record.Id].Body);
        }
    }

    private static bool ContainsAt(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        return haystack.AsSpan().IndexOf(needle) >= 0;
    }
}
