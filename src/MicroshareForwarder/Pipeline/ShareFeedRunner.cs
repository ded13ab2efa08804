using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Runs one share feed: sends what an earlier run left in the outbox, then walks
/// <c>/share/{recType}</c> newest first. Each page's new events are committed to the
/// outbox in one transaction before any of them is sent, and leave it only when Event
/// Hubs acknowledged them. The watermark moves only after a complete walk with an empty
/// outbox, so a crash at any point loses nothing.
/// </summary>
internal sealed class ShareFeedRunner
{
    private const int OutboxReadSize = 2000;

    private readonly ShareClient _client;
    private readonly ForwarderStore _store;
    private readonly EventHubPublisher _publisher;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ShareFeedRunner(ShareClient client, ForwarderStore store, EventHubPublisher publisher, ForwarderOptions options, TimeProvider timeProvider, ILogger<ShareFeedRunner> logger)
    {
        _client = client;
        _store = store;
        _publisher = publisher;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The crash-test hook; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    public async Task RunAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var destination = _publisher.Destination.Key;
        await DrainOutboxAsync(feed, destination, counts, cancellationToken).ConfigureAwait(false);

        var watermark = _store.GetWatermark(feed.Name);
        counts.Watermark = watermark;
        var stopBefore = watermark - feed.Overlap;
        var newest = watermark;
        var normalizer = new ShareRecordNormalizer(feed, _options.Microshare.ApiUrl, destination, _timeProvider);
        var reachedEnd = false;

        for (var pageNumber = 1; pageNumber <= _options.Microshare.MaxPagesPerRun; pageNumber++)
        {
            var page = await _client.GetPageAsync(feed.Name, feed.RecType, pageNumber, cancellationToken).ConfigureAwait(false);
            Pause.Reach(PhasePause.PageFetched);
            counts.Pages++;
            counts.Fetched += page.Records.Count;

            var (events, rejected, oldestOnPage, newestOnPage) = Normalize(page, normalizer);
            var known = _store.FindKnownIds(destination, events.Select(item => item.EventId).ToList());
            var seenOnPage = new HashSet<string>(StringComparer.Ordinal);
            var fresh = events.Where(item => !known.Contains(item.EventId) && seenOnPage.Add(item.EventId)).ToList();
            counts.Duplicates += events.Count - fresh.Count;
            counts.Rejected += rejected.Count;

            var stored = _store.Enqueue(fresh, rejected);
            Log.PageCommitted(_logger, feed.Name, pageNumber, page.Records.Count, stored.Count, events.Count - fresh.Count, rejected.Count);
            if (stored.Count > 0)
            {
                Pause.Reach(PhasePause.OutboxCommitted);
            }

            await PublishAsync(stored, counts, cancellationToken).ConfigureAwait(false);

            if (newestOnPage > newest || newest is null)
            {
                newest = newestOnPage ?? newest;
            }

            if (stopBefore is { } floor && oldestOnPage is { } oldest && oldest < floor)
            {
                reachedEnd = true;
                break;
            }

            if (IsLastPage(page, _options.Microshare.PageSize))
            {
                reachedEnd = true;
                break;
            }
        }

        if (!reachedEnd)
        {
            counts.PaginationWarning = $"stopped at the cap of {_options.Microshare.MaxPagesPerRun} pages before reaching the watermark; raise MICROSHARE_MAX_PAGES_PER_RUN or run again";
            Log.PageCapReached(_logger, feed.Name, _options.Microshare.MaxPagesPerRun);
        }

        if (reachedEnd && newest is { } newWatermark && _store.CountOutbox(feed.Name) == 0)
        {
            _store.SetWatermark(feed.Name, newWatermark);
            counts.Watermark = newWatermark;
        }
    }

    /// <summary>
    /// Tells whether <paramref name="page"/> is the last one. A short or empty page ends the
    /// walk only when <c>meta.totalPages</c> says no page follows, because pages can come back
    /// short while later ones still hold visible records; without <c>meta</c>, a short page ends it.
    /// </summary>
    internal static bool IsLastPage(SharePage page, int pageSize)
    {
        var isShort = page.Records.Count < pageSize;
        if (!isShort)
        {
            return false;
        }

        return page.Meta?.TotalPages is not { } totalPages || page.Number >= totalPages;
    }

    private async Task DrainOutboxAsync(FeedOptions feed, string destination, FeedCounts counts, CancellationToken cancellationToken)
    {
        var afterSequence = 0L;
        var drained = 0L;
        while (true)
        {
            var pending = _store.ReadOutbox(feed.Name, destination, afterSequence, OutboxReadSize);
            if (pending.Count == 0)
            {
                break;
            }

            await PublishAsync(pending, counts, cancellationToken).ConfigureAwait(false);
            drained += pending.Count;
            afterSequence = pending[^1].Sequence;
        }

        if (drained > 0)
        {
            Log.OutboxDrained(_logger, feed.Name, drained);
        }
    }

    private Task PublishAsync(IReadOnlyList<OutboxEvent> events, FeedCounts counts, CancellationToken cancellationToken)
    {
        return _publisher.PublishAsync(
            events,
            (acknowledged, _) =>
            {
                Pause.Reach(PhasePause.Acknowledged);
                _store.MarkDelivered(acknowledged);
                Pause.Reach(PhasePause.DeliveredMarked);
                counts.Forwarded += acknowledged.Count;
                return ValueTask.CompletedTask;
            },
            (tooLarge, reason, _) =>
            {
                _store.Quarantine(tooLarge, reason);
                counts.Quarantined++;
                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }

    private static (List<OutboxEvent> Events, List<RejectedRecord> Rejected, DateTimeOffset? Oldest, DateTimeOffset? Newest) Normalize(SharePage page, ShareRecordNormalizer normalizer)
    {
        var events = new List<OutboxEvent>(page.Records.Count);
        var rejected = new List<RejectedRecord>();
        DateTimeOffset? oldest = null;
        DateTimeOffset? newest = null;

        foreach (var record in page.Records)
        {
            var item = normalizer.Normalize(record, out var rejection);
            if (item is null)
            {
                rejected.Add(rejection!);
                continue;
            }

            events.Add(item);
            oldest = oldest is null || item.Time < oldest ? item.Time : oldest;
            newest = newest is null || item.Time > newest ? item.Time : newest;
        }

        return (events, rejected, oldest, newest);
    }
}
