using System.Runtime.ExceptionServices;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Runs one share feed: sends what an earlier run left in the outbox, then walks
/// <c>/share/{recType}</c> newest first. Each page's new events are committed to the
/// outbox in one transaction, one row per destination hub, before any of them is sent, and
/// leave it only when that hub acknowledged them. The watermark moves only after a complete
/// walk with an empty outbox, so a crash at any point loses nothing.
/// </summary>
/// <remarks>
/// A destination that fails stops receiving sends for the rest of the run, while its events
/// keep going into the outbox; the other destinations go on. The run then fails with the
/// worst destination's exit code, and the next run sends that destination's backlog. A
/// destination with a partition key receives its events after the walk, oldest first, so the
/// events of one key arrive in record time order.
/// </remarks>
internal sealed class ShareFeedRunner
{
    private const int OutboxReadSize = 2000;

    private readonly ShareClient _client;
    private readonly ForwarderStore _store;
    private readonly IReadOnlyList<EventHubPublisher> _publishers;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // The store's connection and the feed's counts are shared by the destinations' concurrent sends.
    private readonly Lock _storeLock = new();

    public ShareFeedRunner(ShareClient client, ForwarderStore store, IReadOnlyList<EventHubPublisher> publishers, ForwarderOptions options, TimeProvider timeProvider, ILogger<ShareFeedRunner> logger)
    {
        _client = client;
        _store = store;
        _publishers = publishers;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The crash-test hook; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    public async Task RunAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var destinations = _publishers.Select(publisher => new DestinationState(publisher)).ToList();
        await Task.WhenAll(destinations.Select(destination => DrainOutboxAsync(feed, destination, counts, cancellationToken))).ConfigureAwait(false);
        ThrowIfAllFailed(destinations);

        var watermark = _store.GetWatermark(feed.Name);
        counts.Watermark = watermark;
        var stopBefore = watermark - feed.Overlap;
        var newest = watermark;
        var normalizer = new ShareRecordNormalizer(feed, _options.Microshare.ApiUrl, destinations[0].Key, _timeProvider);
        var reachedEnd = false;

        for (var pageNumber = 1; pageNumber <= _options.Microshare.MaxPagesPerRun; pageNumber++)
        {
            var page = await _client.GetPageAsync(feed.Name, feed.RecType, pageNumber, cancellationToken).ConfigureAwait(false);
            Pause.Reach(PhasePause.PageFetched);
            counts.Pages++;
            counts.Fetched += page.Records.Count;

            var (events, rejected, oldestOnPage, newestOnPage) = Normalize(page, normalizer);
            var fresh = SelectFresh(events, destinations, out var duplicates);
            counts.Duplicates += duplicates;
            counts.Rejected += rejected.Count;

            var stored = _store.Enqueue(fresh, rejected);
            Log.PageCommitted(_logger, feed.Name, pageNumber, page.Records.Count, events.Count - duplicates, duplicates, rejected.Count);
            if (stored.Count > 0)
            {
                Pause.Reach(PhasePause.OutboxCommitted);
            }

            await Task.WhenAll(destinations
                .Where(destination => destination.Failure is null && destination.PartitionKey is null)
                .Select(destination => PublishAsync(destination, stored.Where(item => item.Destination == destination.Key).ToList(), counts, cancellationToken)))
                .ConfigureAwait(false);
            ThrowIfAllFailed(destinations);

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

        await Task.WhenAll(destinations
            .Where(destination => destination.Failure is null && destination.PartitionKey is not null)
            .Select(destination => DrainOutboxAsync(feed, destination, counts, cancellationToken)))
            .ConfigureAwait(false);

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

        ThrowIfAnyFailed(destinations);
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

    /// <summary>
    /// Returns, for every destination, the events of <paramref name="events"/> that it has not
    /// delivered, queued or quarantined yet, oldest first, with the destination's partition key.
    /// <paramref name="duplicates"/> counts the events that no destination needs.
    /// </summary>
    private List<OutboxEvent> SelectFresh(List<OutboxEvent> events, List<DestinationState> destinations, out int duplicates)
    {
        // Pages come newest first; oldest first keeps each partition key's events in record time order.
        var ordered = events.OrderBy(item => item.Time).ToList();
        var ids = ordered.Select(item => item.EventId).ToList();
        var fresh = new List<OutboxEvent>();
        var neededByAny = new HashSet<string>(StringComparer.Ordinal);

        foreach (var destination in destinations)
        {
            var known = _store.FindKnownIds(destination.Key, ids);
            var seenOnPage = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in ordered)
            {
                if (known.Contains(item.EventId) || !seenOnPage.Add(item.EventId))
                {
                    continue;
                }

                neededByAny.Add(item.EventId);
                fresh.Add(item with
                {
                    Destination = destination.Key,
                    PartitionKey = destination.PartitionKey?.Evaluate(item.Body),
                });
            }
        }

        duplicates = events.Count - neededByAny.Count;
        return fresh;
    }

    /// <summary>
    /// Sends a destination's outbox backlog: in sequence order, or in record time order for a
    /// destination with a partition key.
    /// </summary>
    private async Task DrainOutboxAsync(FeedOptions feed, DestinationState destination, FeedCounts counts, CancellationToken cancellationToken)
    {
        var afterSequence = 0L;
        var afterTime = DateTimeOffset.MinValue;
        var drained = 0L;
        while (destination.Failure is null)
        {
            IReadOnlyList<OutboxEvent> pending;
            lock (_storeLock)
            {
                pending = destination.PartitionKey is null
                    ? _store.ReadOutbox(feed.Name, destination.Key, afterSequence, OutboxReadSize)
                    : _store.ReadOutboxInTimeOrder(feed.Name, destination.Key, afterTime, afterSequence, OutboxReadSize);
            }

            if (pending.Count == 0)
            {
                break;
            }

            await PublishAsync(destination, pending, counts, cancellationToken).ConfigureAwait(false);
            drained += pending.Count;
            afterSequence = pending[^1].Sequence;
            afterTime = pending[^1].Time;
        }

        if (drained > 0)
        {
            Log.OutboxDrained(_logger, feed.Name, drained);
        }
    }

    /// <summary>Sends events to one destination; a send failure marks the destination failed instead of ending the feed.</summary>
    private async Task PublishAsync(DestinationState destination, IReadOnlyList<OutboxEvent> events, FeedCounts counts, CancellationToken cancellationToken)
    {
        try
        {
            await destination.Publisher.PublishAsync(
                events,
                (acknowledged, _) =>
                {
                    lock (_storeLock)
                    {
                        Pause.Reach(PhasePause.Acknowledged);
                        _store.MarkDelivered(acknowledged);
                        Pause.Reach(PhasePause.DeliveredMarked);
                        counts.Forwarded += acknowledged.Count;
                    }

                    return ValueTask.CompletedTask;
                },
                (tooLarge, reason, _) =>
                {
                    lock (_storeLock)
                    {
                        _store.Quarantine(tooLarge, reason);
                        counts.Quarantined++;
                    }

                    return ValueTask.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (EventHubPublishException exception)
        {
            destination.Failure = exception;
            Log.DestinationFailed(_logger, events.Count > 0 ? events[0].Feed : string.Empty, destination.Key, exception.ExitCode);
        }
    }

    private static void ThrowIfAllFailed(List<DestinationState> destinations)
    {
        if (destinations.All(destination => destination.Failure is not null))
        {
            ThrowIfAnyFailed(destinations);
        }
    }

    private static void ThrowIfAnyFailed(List<DestinationState> destinations)
    {
        EventHubPublishException? worst = null;
        foreach (var destination in destinations)
        {
            if (destination.Failure is { } failure && (worst is null || ExitCodes.Worst(worst.ExitCode, failure.ExitCode) != worst.ExitCode))
            {
                worst = failure;
            }
        }

        if (worst is not null)
        {
            ExceptionDispatchInfo.Throw(worst);
        }
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
