using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Pipeline;

public sealed class DashboardFeedTests
{
    private const int LocationCount = 4;

    private static readonly DateTimeOffset Start = new(2025, 6, 2, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dashboard_AcrossSettleDelay_ForwardsClosedHoursOnceAndRevisions()
    {
        var clock = new FakeTimeProvider(Start);
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TimeProvider = clock });
        UseDashboard(rig);

        var first = await rig.RunWithClockAsync(clock);
        var afterFirst = rig.Received.ToList();

        // 07:00, 08:00 and 09:00 are closed at 10:30 with a 15-minute settle delay; 10:00 is open.
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.Equal(3 * LocationCount, afterFirst.Count);
        Assert.Equal(LocationCount, first.Feeds[0].HeldBack);
        Assert.DoesNotContain(afterFirst, item => PeriodStart(item) >= Start.AddMinutes(-30));
        Assert.All(afterFirst, item => Assert.False(item.ApplicationProperties.ContainsKey("revision")));
        Assert.All(afterFirst, item => Assert.Equal(item.MessageId, item.ApplicationProperties["cloudEvents:subject"]));

        var changedHour = new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
        rig.Simulator.SetDashboardValue("Building A/1st Floor/Room 1", changedHour, 99);
        clock.Advance(TimeSpan.FromHours(1));

        var second = await rig.RunWithClockAsync(clock);
        var added = rig.Received.Skip(afterFirst.Count).ToList();

        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        Assert.Equal(LocationCount + 1, added.Count);
        Assert.Equal(LocationCount, added.Count(item => PeriodStart(item) == changedHour.AddHours(1)));

        var revision = Assert.Single(added, item => item.ApplicationProperties.ContainsKey("revision"));
        Assert.Equal(1, Convert.ToInt32(revision.ApplicationProperties["revision"], System.Globalization.CultureInfo.InvariantCulture));
        var original = Assert.Single(afterFirst, item => Equals(item.ApplicationProperties["cloudEvents:subject"], revision.ApplicationProperties["cloudEvents:subject"]));
        Assert.NotEqual(original.MessageId, revision.MessageId);
        Assert.Equal(changedHour, PeriodStart(revision));
        Assert.Contains("\"avg\":99", System.Text.Encoding.UTF8.GetString(revision.Body), StringComparison.Ordinal);

        var firstRevisions = rig.Received.Where(item => !item.ApplicationProperties.ContainsKey("revision")).ToList();
        Assert.Equal(firstRevisions.Count, firstRevisions.Select(item => item.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Dashboard_Rerun_ForwardsNothingNew()
    {
        var clock = new FakeTimeProvider(Start);
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TimeProvider = clock });
        UseDashboard(rig);

        await rig.RunWithClockAsync(clock);
        var count = rig.Received.Count;
        clock.Advance(TimeSpan.FromMinutes(10));
        var second = await rig.RunWithClockAsync(clock);

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(count, rig.Received.Count);
    }

    [Fact]
    public async Task Dashboard_DeviceCluster_QueriesEachBuilding()
    {
        var clock = new FakeTimeProvider(Start);
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TimeProvider = clock });
        UseDashboard(rig);
        rig.Settings["MICROSHARE_DEVICE_CLUSTER"] = "io.microshare.occupancy.packed/sandbox-cluster";
        rig.Settings["MICROSHARE_LOCATION_IDENTITY"] = "com.example.sandbox";

        var report = await rig.RunWithClockAsync(clock);

        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.Equal(3 * LocationCount, rig.Received.Count);
        Assert.Contains("/device/io.microshare.occupancy.packed/sandbox-cluster", rig.Simulator.RequestPaths);

        // Two buildings, one query each for the single window.
        Assert.Equal(2, report.Feeds[0].Pages);
    }

    [Fact]
    public async Task Dashboard_IdentityFilterExcludesCluster_QueriesWithoutLocation()
    {
        var clock = new FakeTimeProvider(Start);
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TimeProvider = clock });
        UseDashboard(rig);
        rig.Settings["MICROSHARE_DEVICE_CLUSTER"] = "io.microshare.occupancy.packed/sandbox-cluster";
        rig.Settings["MICROSHARE_LOCATION_IDENTITY"] = "com.example.other";

        var report = await rig.RunWithClockAsync(clock);

        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.Equal(1, report.Feeds[0].Pages);
    }

    [Fact]
    public async Task Dashboard_LongRange_SplitIntoDayWindows()
    {
        var clock = new FakeTimeProvider(Start);
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TimeProvider = clock });
        UseDashboard(rig);
        rig.Settings["FORWARDER_INITIAL_LOOKBACK"] = "3d";

        var report = await rig.RunWithClockAsync(clock);

        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.Equal(4, report.Feeds[0].Pages);
        Assert.Equal(rig.Received.Count, rig.Received.Select(item => item.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Dashboard_UnknownViewId_FailsWith78AndHint()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10 });
        UseDashboard(rig);
        rig.Settings["MICROSHARE_VIEW_ID"] = "no-such-view";

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("Record not found or inaccessible", error, StringComparison.Ordinal);
        Assert.Contains("view id", error, StringComparison.Ordinal);
        Assert.Null(rig.ReadWatermark("dashboard"));
    }

    [Fact]
    public async Task Dashboard_Unresolvable503_FailsOnlyThatFeed()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 20 });
        var feedsFile = Path.Combine(rig.StateDirectory, "feeds.json");
        await File.WriteAllTextAsync(feedsFile, """
            {"feeds": [
              {"name": "rooms", "kind": "dashboard", "viewId": "sandbox-dashboard-view", "dataContext": ["room"],
               "parameters": {"dataContext": "room"}},
              {"name": "events", "kind": "share", "recType": "io.microshare.occupancy.unpacked"}
            ]}
            """);
        rig.Settings.Remove("MICROSHARE_RECTYPE");
        rig.Settings["FORWARDER_FEEDS_FILE"] = feedsFile;

        var (exitCode, _, error) = await rig.RunAsync();
        var dashboardRequests = rig.Simulator.RequestPaths.Count(path => path.Contains("fm.master.agg", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("503", error, StringComparison.Ordinal);
        Assert.Contains("unresolvable property", error, StringComparison.Ordinal);
        Assert.Contains("dataContext must be one JSON array", error, StringComparison.Ordinal);
        Assert.Equal(1, dashboardRequests);
        Assert.Equal(20, rig.Received.Count);
        Assert.NotNull(rig.ReadWatermark("events"));
        Assert.Null(rig.ReadWatermark("rooms"));
    }

    [Fact]
    public async Task Dashboard_Injected503_NotRetriedAndFailsFeed()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10 });
        UseDashboard(rig);
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Unavailable503, "/share/io.microshare.fm.master.agg"));

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("503", error, StringComparison.Ordinal);
        Assert.Empty(rig.Received);
    }

    private static void UseDashboard(ForwarderRig rig)
    {
        rig.Settings["FORWARDER_FEED_KIND"] = "dashboard";
        rig.Settings["MICROSHARE_VIEW_ID"] = "sandbox-dashboard-view";
        rig.Settings["MICROSHARE_DASHBOARD_DATA_CONTEXT"] = "[\"CTX\",\"occupancytesting\",\"room\"]";
        rig.Settings["FORWARDER_SETTLE_DELAY"] = "15m";
        rig.Settings["FORWARDER_INITIAL_LOOKBACK"] = "3h";
    }

    private static DateTimeOffset PeriodStart(ReceivedEvent item)
    {
        using var document = System.Text.Json.JsonDocument.Parse(item.Body);
        return document.RootElement.GetProperty("periodStart").GetDateTimeOffset();
    }
}
