using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Runs one dashboard feed: queries the <c>io.microshare.fm.master.agg</c> View from the
/// watermark minus the overlap to now minus the settle delay, in windows of at most a day and
/// once per location, and turns each <c>line[]</c> entry of a closed period into one event.
/// Periods still open (period end plus settle delay after now) are held back. A closed period
/// whose bytes differ from what was forwarded goes out again as a revision.
/// </summary>
internal sealed class DashboardFeedRunner
{
    public const string ViewRecType = "io.microshare.fm.master.agg";

    private readonly ViewClient _views;
    private readonly DeviceClusterClient _clusters;
    private readonly ForwarderStore _store;
    private readonly OutboxSender _sender;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _source;

    public DashboardFeedRunner(ViewClient views, DeviceClusterClient clusters, ForwarderStore store, OutboxSender sender, Uri apiUrl, TimeProvider timeProvider, ILogger<DashboardFeedRunner> logger)
    {
        _views = views;
        _clusters = clusters;
        _store = store;
        _sender = sender;
        _timeProvider = timeProvider;
        _logger = logger;
        _source = new Uri(apiUrl, $"share/{ViewRecType}").ToString();
    }

    public async Task RunAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var sending = _sender.Begin(feed, counts);
        await sending.DrainAsync(cancellationToken).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow();
        var watermark = _store.GetWatermark(feed.Name);
        counts.Watermark = watermark;

        var to = now - feed.SettleDelay;
        var lastClosedStart = TimeWindows.Floor(to, feed.PeriodLength) - feed.PeriodLength;
        var from = TimeWindows.Floor(watermark is { } mark ? mark - feed.Overlap : now - feed.InitialLookback, feed.PeriodLength);
        if (from >= to)
        {
            return;
        }

        var locations = await ResolveLocationsAsync(feed, cancellationToken).ConfigureAwait(false);
        var known = _store.ReadPeriods(feed.Name, from);
        var run = new DashboardRun(feed, lastClosedStart, known);

        foreach (var (start, end) in TimeWindows.Split(from, to, feed.Window))
        {
            foreach (var location in locations)
            {
                var url = _views.BuildUrl(ViewRecType, BuildParameters(feed, start, end, location));
                var entries = await _views.QueryAsync(feed.Name, feed.ViewId!, url, start, end, DashboardParser.Parse, parsed => parsed.Count, cancellationToken).ConfigureAwait(false);
                counts.Pages++;
                counts.Fetched += entries.Count;

                await ForwardAsync(sending, run, entries, counts, cancellationToken).ConfigureAwait(false);
            }
        }

        await sending.FlushOrderedAsync(cancellationToken).ConfigureAwait(false);
        counts.HeldBack += run.HeldBack;
        var closedUntil = lastClosedStart + feed.PeriodLength;
        if (_store.CountOutbox(feed.Name) == 0 && (watermark is null || closedUntil > watermark))
        {
            _store.SetWatermark(feed.Name, closedUntil);
            counts.Watermark = closedUntil;
            _store.PrunePeriods(feed.Name, closedUntil - feed.Overlap - feed.Window);
        }

        sending.ThrowIfAnyFailed();
    }

    /// <summary>Returns the exact dashboard parameter set, in the order the Microshare dashboard sends it.</summary>
    internal static List<KeyValuePair<string, string>> BuildParameters(FeedOptions feed, DateTimeOffset from, DateTimeOffset to, string? location)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("id", feed.ViewId!),
            new("recType", feed.RecType),
            new("from", ViewClient.FormatTime(from)),
            new("to", ViewClient.FormatTime(to)),
            new("dataContext", feed.DataContext),
        };
        for (var index = 0; index < feed.Fields.Count; index++)
        {
            parameters.Add(new($"field{index + 1}", feed.Fields[index]));
        }

        parameters.Add(new("category", feed.Category));
        parameters.Add(new("metric", feed.Metric));
        parameters.Add(new("ownerOrg", feed.OwnerOrg));
        if (location is not null)
        {
            parameters.Add(new("loc1", location));
        }

        foreach (var (name, value) in feed.Parameters)
        {
            var index = parameters.FindIndex(parameter => parameter.Key == name);
            if (index >= 0)
            {
                parameters[index] = new(name, value);
            }
            else
            {
                parameters.Add(new(name, value));
            }
        }

        return parameters;
    }

    private async Task<IReadOnlyList<string?>> ResolveLocationsAsync(FeedOptions feed, CancellationToken cancellationToken)
    {
        var locations = new List<string>(feed.Locations);
        if (feed.DeviceCluster is { } cluster)
        {
            var fromCluster = await _clusters.GetLocationsAsync(feed, cluster, cancellationToken).ConfigureAwait(false);
            locations.AddRange(fromCluster.Where(location => !locations.Contains(location, StringComparer.Ordinal)));
        }

        return locations.Count == 0 ? [null] : locations.Cast<string?>().ToList();
    }

    private async Task ForwardAsync(FeedSender sending, DashboardRun run, IReadOnlyList<DashboardEntry> entries, FeedCounts counts, CancellationToken cancellationToken)
    {
        var feed = run.Feed;
        var now = _timeProvider.GetUtcNow();
        var events = new List<OutboxEvent>();
        var rejected = new List<RejectedRecord>();
        var periods = new List<PeriodState>();

        foreach (var entry in entries)
        {
            if (entry.Time is not { } start)
            {
                rejected.Add(new RejectedRecord(feed.Name, null, "the dashboard entry has no parsable time", entry.Json));
                continue;
            }

            if (now - start > feed.MaxRecordAge)
            {
                rejected.Add(new RejectedRecord(feed.Name, null, $"the period starts {(now - start).TotalDays:F0} days ago, beyond the horizon of {feed.MaxRecordAge.TotalDays:F0} days", entry.Json));
                continue;
            }

            if (start > run.LastClosedStart)
            {
                run.HeldBack++;
                continue;
            }

            var subject = DashboardEventIds.Subject(feed.RecType, entry.Tags, start);
            var contentHash = DashboardEventIds.ContentHash(entry.Json.Span);
            var revision = 0;
            if (run.Known.TryGetValue(subject, out var previous))
            {
                if (previous.ContentSha256 == contentHash)
                {
                    counts.Duplicates++;
                    continue;
                }

                revision = previous.Revision + 1;
            }

            var state = new PeriodState(feed.Name, subject, start, contentHash, revision);
            run.Known[subject] = state;
            periods.Add(state);
            events.Add(new OutboxEvent(
                Sequence: 0,
                Feed: feed.Name,
                Destination: _sender.Destination,
                EventId: DashboardEventIds.EventId(subject, revision),
                EventType: feed.RecType,
                Source: _source,
                Time: start,
                PartitionKey: null,
                Body: DashboardEventBody.Write(feed.RecType, entry.Tags, start, start + feed.PeriodLength, revision, entry.Json.Span),
                Subject: subject,
                Revision: revision == 0 ? null : revision));
        }

        // An id already delivered or queued (for example after the period hashes were pruned) is not sent again.
        var fresh = sending.SelectFresh(events, out var duplicates);
        counts.Duplicates += duplicates;
        counts.Rejected += rejected.Count;

        var stored = _store.Enqueue(fresh, rejected, periods);
        Log.DashboardEntriesCommitted(_logger, feed.Name, entries.Count, stored.Count, fresh.Count(item => item.Revision is not null), rejected.Count);
        await sending.SendAsync(stored, cancellationToken).ConfigureAwait(false);
    }

    private sealed class DashboardRun(FeedOptions feed, DateTimeOffset lastClosedStart, Dictionary<string, PeriodState> known)
    {
        public FeedOptions Feed { get; } = feed;

        /// <summary>The start of the newest period that has closed and settled.</summary>
        public DateTimeOffset LastClosedStart { get; } = lastClosedStart;

        public Dictionary<string, PeriodState> Known { get; } = known;

        public long HeldBack { get; set; }
    }
}
