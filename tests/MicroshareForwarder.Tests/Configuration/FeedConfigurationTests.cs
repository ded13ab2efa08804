using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Tests.Configuration;

public sealed class FeedConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-config-").FullName;

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("https://api.example.com/")]
    public void ApiUrl_LoopbackHttpOrHttps_Accepted(string url)
    {
        var settings = BaseSettings();
        settings["MICROSHARE_API_URL"] = url;

        var options = Read(settings);

        Assert.Equal(new Uri(url), options.Microshare.ApiUrl);
    }

    [Theory]
    [InlineData("http://api.example.com/")]
    [InlineData("http://192.0.2.10/")]
    public void ApiUrl_PlainHttpElsewhere_Rejected(string url)
    {
        var settings = BaseSettings();
        settings["MICROSHARE_API_URL"] = url;

        var exception = Assert.Throws<ConfigurationException>(() => Read(settings));

        Assert.Contains(exception.Problems, problem => problem.Contains("MICROSHARE_API_URL must be an https:// URL", StringComparison.Ordinal));
    }

    [Fact]
    public void SingleFeed_Dashboard_ReadsPerKindSettings()
    {
        var settings = BaseSettings();
        settings["FORWARDER_FEED_KIND"] = "dashboard";
        settings["MICROSHARE_DASHBOARD_KIND"] = "peoplecounter";
        settings["MICROSHARE_VIEW_ID"] = "view-1";
        settings["MICROSHARE_DASHBOARD_LOCATIONS"] = "Building A, Building B";
        settings["MICROSHARE_DEVICE_CLUSTER"] = "io.microshare.peoplecounter.packed/abc123";
        settings["FORWARDER_SETTLE_DELAY"] = "20m";

        var feed = Assert.Single(Read(settings).Feeds);

        Assert.Equal(FeedKind.Dashboard, feed.Kind);
        Assert.Equal("dashboard", feed.Name);
        Assert.Equal("io.microshare.peoplecounter.unpacked.event.agg", feed.RecType);
        Assert.Equal("[\"people\"]", feed.DataContext);
        Assert.Equal(["daily_total", "meta", "change", "field4", "field5", "field6"], feed.Fields);
        Assert.Equal(["Building A", "Building B"], feed.Locations);
        Assert.Equal("abc123", feed.DeviceCluster!.ClusterId);
        Assert.Equal(TimeSpan.FromMinutes(20), feed.SettleDelay);
    }

    [Fact]
    public void SingleFeed_SnapshotWithoutDataContextOrViewId_ReportsBoth()
    {
        var settings = BaseSettings();
        settings["FORWARDER_FEED_KIND"] = "dashboard";

        var exception = Assert.Throws<ConfigurationException>(() => Read(settings));

        Assert.Contains(exception.Problems, problem => problem.StartsWith("MICROSHARE_DASHBOARD_DATA_CONTEXT is missing", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.StartsWith("MICROSHARE_VIEW_ID is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void FeedsFile_ThreeKinds_ReadsEach()
    {
        var settings = BaseSettings();
        settings.Remove("MICROSHARE_RECTYPE");
        settings["FORWARDER_FEED_OVERLAP"] = "3h";
        settings["FORWARDER_FEEDS_FILE"] = WriteFeedsFile("""
            {"feeds": [
              {"name": "events", "kind": "share", "recType": "io.microshare.occupancy.unpacked"},
              {"name": "rooms", "kind": "dashboard", "viewId": "v1", "dataContext": ["CTX", "occupancytesting", "room"],
               "deviceCluster": {"recType": "io.microshare.occupancy.packed", "clusterId": "c1"},
               "locationIdentity": "com.example", "locationPrefixMap": {"Old": "New"}, "settleDelay": "30m", "window": "12h"},
              {"name": "mine", "kind": "view", "recType": "io.example.view", "viewId": "v2", "parameters": {"site": "north"}, "overlap": "1h"}
            ]}
            """);

        var feeds = Read(settings).Feeds;

        Assert.Equal(["events", "rooms", "mine"], feeds.Select(feed => feed.Name));
        Assert.Equal(TimeSpan.FromHours(3), feeds[0].Overlap);
        Assert.Equal("[\"CTX\",\"occupancytesting\",\"room\"]", feeds[1].DataContext);
        Assert.Equal("io.microshare.lake.snapshot.hourly", feeds[1].RecType);
        Assert.Equal("com.example", feeds[1].LocationIdentity);
        Assert.Equal("New", feeds[1].LocationPrefixMap["Old"]);
        Assert.Equal(TimeSpan.FromHours(12), feeds[1].Window);
        Assert.Equal("north", feeds[2].Parameters["site"]);
        Assert.Equal(TimeSpan.FromHours(1), feeds[2].Overlap);
    }

    [Fact]
    public void FeedsFile_InvalidEntries_ReportsEveryProblem()
    {
        var settings = BaseSettings();
        settings.Remove("MICROSHARE_RECTYPE");
        settings["FORWARDER_FEEDS_FILE"] = WriteFeedsFile("""
            {"feeds": [
              {"name": "a", "kind": "view", "recType": "io.example.view"},
              {"name": "a", "kind": "dashboard", "viewId": "v", "dataContext": "room", "window": "2d"},
              {"name": "b", "kind": "stream"}
            ]}
            """);

        var exception = Assert.Throws<ConfigurationException>(() => Read(settings));

        Assert.Contains(exception.Problems, problem => problem.Contains("viewId is missing", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.Contains("used 2 times", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.Contains("dataContext must be one JSON array", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.Contains("window must be more than 0 and at most 1 day", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.Contains("kind must be one of share, dashboard, view", StringComparison.Ordinal));
    }

    [Fact]
    public void FeedsFile_WithSingleFeedSettings_Rejected()
    {
        var settings = BaseSettings();
        settings["FORWARDER_FEEDS_FILE"] = WriteFeedsFile("""{"feeds": [{"name": "a", "recType": "x"}]}""");

        var exception = Assert.Throws<ConfigurationException>(() => Read(settings));

        Assert.Contains(exception.Problems, problem => problem.StartsWith("FORWARDER_FEEDS_FILE and the single-feed settings", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteFeedsFile(string json)
    {
        var path = Path.Combine(_directory, "feeds.json");
        File.WriteAllText(path, json);
        return path;
    }

    private Dictionary<string, string> BaseSettings()
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "user",
            ["MICROSHARE_PASSWORD"] = "password",
            ["MICROSHARE_API_KEY"] = "key",
            ["MICROSHARE_AUTH_URL"] = "http://127.0.0.1:1/",
            ["MICROSHARE_API_URL"] = "http://127.0.0.1:1/",
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["EVENTHUB_CONNECTION_STRING"] = "Endpoint=sb://127.0.0.1;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=hub;UseDevelopmentEmulator=true",
            ["FORWARDER_STATE_DIR"] = _directory,
        };
    }

    private static ForwarderOptions Read(Dictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();
        return ForwarderOptionsReader.Read(configuration);
    }
}
