namespace MicroshareForwarder.Configuration;

/// <summary>
/// One stream of records from Microshare with its own watermark. The single-feed settings
/// of the <c>.env</c> file (<c>FORWARDER_FEED_KIND</c>, <c>MICROSHARE_RECTYPE</c> and the
/// others named below) describe one feed; <c>FORWARDER_FEEDS_FILE</c> names a JSON file
/// that lists several.
/// </summary>
internal sealed class FeedOptions
{
    /// <summary>The feed's name, used in the state, logs and <c>--feed</c> (<c>FORWARDER_FEED_NAME</c>, JSON <c>name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the feed reads: <c>share</c> (default), <c>dashboard</c> or <c>view</c> (<c>FORWARDER_FEED_KIND</c>, JSON <c>kind</c>).</summary>
    public FeedKind Kind { get; init; } = FeedKind.Share;

    /// <summary>
    /// The record type: for <c>share</c> the type to list, for example
    /// <c>io.microshare.occupancy.unpacked</c>; for <c>view</c> the View's record type in the
    /// path; for <c>dashboard</c> the underlying series, set from <see cref="DashboardKind"/>
    /// (<c>MICROSHARE_RECTYPE</c>, JSON <c>recType</c>).
    /// </summary>
    public required string RecType { get; init; }

    /// <summary>
    /// How far behind the watermark a walk or a window keeps reading, so records that arrive
    /// late, and dashboard hours that change after they closed, are still seen. Default 2 hours
    /// (<c>FORWARDER_FEED_OVERLAP</c>, JSON <c>overlap</c>).
    /// </summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromHours(2);

    /// <summary>A record timestamped further in the future than this is rejected. Default 1 hour (<c>FORWARDER_MAX_FUTURE_SKEW</c>, JSON <c>maxFutureSkew</c>).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A record older than this horizon is rejected. Default 3,650 days (<c>FORWARDER_MAX_RECORD_AGE</c>, JSON <c>maxRecordAge</c>).</summary>
    public TimeSpan MaxRecordAge { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>
    /// The View id for <c>dashboard</c> and <c>view</c> feeds, sent as <c>id</c>
    /// (<c>MICROSHARE_VIEW_ID</c>, JSON <c>viewId</c>).
    /// </summary>
    public string? ViewId { get; init; }

    /// <summary>
    /// Extra query parameters of a <c>view</c> feed, each filling <c>${name}</c> in the View's
    /// pipeline, and overrides of a <c>dashboard</c> feed's parameters. JSON <c>parameters</c> only.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The series of a <c>dashboard</c> feed: <c>snapshot</c> (default) or <c>peoplecounter</c> (<c>MICROSHARE_DASHBOARD_KIND</c>, JSON <c>dashboardKind</c>).</summary>
    public DashboardKind DashboardKind { get; init; } = DashboardKind.Snapshot;

    /// <summary>
    /// The dashboard's <c>dataContext</c>, sent as one JSON-array string, for example
    /// <c>["CTX","occupancytesting","room"]</c>. Default <c>["people"]</c> for people counters;
    /// required for snapshots (<c>MICROSHARE_DASHBOARD_DATA_CONTEXT</c>, JSON <c>dataContext</c>).
    /// </summary>
    public string DataContext { get; init; } = "[\"people\"]";

    /// <summary>
    /// <c>field1</c> to <c>field6</c> of the dashboard query. Default <c>current</c> and the
    /// placeholders <c>field2</c> to <c>field6</c> for snapshots; <c>daily_total</c>,
    /// <c>meta</c>, <c>change</c> and placeholders for people counters. JSON <c>fields</c> only.
    /// </summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The dashboard's <c>category</c>. Default <c>space</c> (JSON <c>category</c>).</summary>
    public string Category { get; init; } = "space";

    /// <summary>The dashboard's <c>metric</c>. Default <c>occupancy</c> (JSON <c>metric</c>).</summary>
    public string Metric { get; init; } = "occupancy";

    /// <summary>The dashboard's <c>ownerOrg</c>, a pattern. Default <c>"[a-zA-Z]"</c> with its quotes, as the dashboard sends it (JSON <c>ownerOrg</c>).</summary>
    public string OwnerOrg { get; init; } = "\"[a-zA-Z]\"";

    /// <summary>
    /// The <c>loc1</c> values (buildings) a dashboard feed queries, one query per value. Empty with
    /// no <see cref="DeviceCluster"/> queries without <c>loc1</c>
    /// (<c>MICROSHARE_DASHBOARD_LOCATIONS</c>, comma-separated; JSON <c>locations</c>).
    /// </summary>
    public IReadOnlyList<string> Locations { get; init; } = [];

    /// <summary>
    /// A device cluster that supplies further <c>loc1</c> values (<c>MICROSHARE_DEVICE_CLUSTER</c> as
    /// <c>recType/clusterId</c>; JSON <c>deviceCluster</c> with <c>recType</c> and <c>clusterId</c>).
    /// </summary>
    public DeviceClusterOptions? DeviceCluster { get; init; }

    /// <summary>
    /// Keeps only device clusters whose <c>owner.org</c> equals this identity; empty keeps all
    /// (<c>MICROSHARE_LOCATION_IDENTITY</c>, JSON <c>locationIdentity</c>).
    /// </summary>
    public string? LocationIdentity { get; init; }

    /// <summary>
    /// Rewrites the start of device-cluster location names before they are used as <c>loc1</c>:
    /// the longest matching key is replaced by its value. JSON <c>locationPrefixMap</c> only.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocationPrefixMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// How long after a period ends it is still held back, because Microshare keeps updating it.
    /// Default 15 minutes (<c>FORWARDER_SETTLE_DELAY</c>, JSON <c>settleDelay</c>).
    /// </summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The length of one dashboard period. Fixed at 1 hour: both dashboard series are hourly.</summary>
    public TimeSpan PeriodLength { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest time range of one View query; longer ranges are split. Default and maximum
    /// 1 day, because a View runs over at most 999 matching records (JSON <c>window</c>).
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How far back a <c>dashboard</c> or <c>view</c> feed reads on its first run, before it has a
    /// watermark. Default 1 day (<c>FORWARDER_INITIAL_LOOKBACK</c>, JSON <c>initialLookback</c>).
    /// </summary>
    public TimeSpan InitialLookback { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The dashboard query's <c>recType</c> for a <see cref="Configuration.DashboardKind"/>.</summary>
    public static string DashboardRecType(DashboardKind kind) => kind == DashboardKind.PeopleCounter
        ? "io.microshare.peoplecounter.unpacked.event.agg"
        : "io.microshare.lake.snapshot.hourly";

    /// <summary>The default <c>field1</c> to <c>field6</c> for a <see cref="Configuration.DashboardKind"/>.</summary>
    public static IReadOnlyList<string> DefaultFields(DashboardKind kind) => kind == DashboardKind.PeopleCounter
        ? ["daily_total", "meta", "change", "field4", "field5", "field6"]
        : ["current", "field2", "field3", "field4", "field5", "field6"];
}
