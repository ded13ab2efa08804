using System.Runtime.ExceptionServices;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// One feed's sending to its destination hubs. Every destination gets its own outbox row
/// for an event, and rows leave the outbox only when that hub acknowledged them.
/// </summary>
/// <remarks>
/// A destination that fails stops receiving sends for the rest of the feed's run, while its
/// events keep going into the outbox, and the other destinations go on. The feed then fails
/// with the worst destination's exit code, and the next run sends that destination's backlog.
/// A destination with a partition key receives its events in <see cref="FlushOrderedAsync"/>,
/// oldest first, so the events of one key arrive in record time order even though pages come
/// newest first.
/// </remarks>
internal sealed class FeedSender
{
    private const int OutboxReadSize = 2000;

    private readonly ForwarderStore _store;
    private readonly List<DestinationState> _destinations;
    private readonly FeedOptions _feed;
    private readonly FeedCounts _counts;
    private readonly ILogger _logger;

    // The store's connection and the feed's counts are shared by the destinations' concurrent sends.
    private readonly Lock _storeLock = new();

    public FeedSender(ForwarderStore store, List<DestinationState> destinations, FeedOptions feed, FeedCounts counts, ILogger logger)
    {
        _store = store;
        _destinations = destinations;
        _feed = feed;
        _counts = counts;
        _logger = logger;
    }

    /// <summary>Records send latency when set; null disables metrics.</summary>
    public Diagnostics.ForwarderMetrics? Metrics { get; init; }

    /// <summary>The crash-test hook; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    /// <summary>Sends what earlier runs left in the outbox to every destination; throws when every destination failed.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_destinations.Select(destination => DrainAsync(destination, cancellationToken))).ConfigureAwait(false);
        ThrowIfAllFailed();
    }

    /// <summary>
    /// Returns, for every destination, the events that it has not delivered, queued or
    /// quarantined yet, oldest first, each with its destination and partition key.
    /// <paramref name="duplicates"/> counts the events that no destination needs.
    /// </summary>
    public List<OutboxEvent> SelectFresh(IReadOnlyList<OutboxEvent> events, out int duplicates)
    {
        var ordered = events.OrderBy(item => item.Time).ToList();
        var ids = ordered.Select(item => item.EventId).ToList();
        var fresh = new List<OutboxEvent>();
        var neededByAny = new HashSet<string>(StringComparer.Ordinal);

        foreach (var destination in _destinations)
        {
            var known = _store.FindKnownIds(destination.Key, ids);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in ordered)
            {
                if (known.Contains(item.EventId) || !seen.Add(item.EventId))
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
    /// Sends events already committed to the outbox to the working destinations without a
    /// partition key; throws when every destination failed.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<OutboxEvent> stored, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_destinations
            .Where(destination => destination.Failure is null && destination.PartitionKey is null)
            .Select(destination => PublishAsync(destination, stored.Where(item => item.Destination == destination.Key).ToList(), cancellationToken)))
            .ConfigureAwait(false);
        ThrowIfAllFailed();
    }

    /// <summary>Sends the outbox of each working destination with a partition key, in record time order.</summary>
    public async Task FlushOrderedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_destinations
            .Where(destination => destination.Failure is null && destination.PartitionKey is not null)
            .Select(destination => DrainAsync(destination, cancellationToken)))
            .ConfigureAwait(false);
    }

    /// <summary>Throws the worst destination failure of the feed's run, if any.</summary>
    public void ThrowIfAnyFailed()
    {
        EventHubPublishException? worst = null;
        foreach (var destination in _destinations)
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

    private void ThrowIfAllFailed()
    {
        if (_destinations.All(destination => destination.Failure is not null))
        {
            ThrowIfAnyFailed();
        }
    }

    private async Task DrainAsync(DestinationState destination, CancellationToken cancellationToken)
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
                    ? _store.ReadOutbox(_feed.Name, destination.Key, afterSequence, OutboxReadSize)
                    : _store.ReadOutboxInTimeOrder(_feed.Name, destination.Key, afterTime, afterSequence, OutboxReadSize);
            }

            if (pending.Count == 0)
            {
                break;
            }

            drained += await PublishAsync(destination, pending, cancellationToken).ConfigureAwait(false);
            afterSequence = pending[^1].Sequence;
            afterTime = pending[^1].Time;
        }

        if (drained > 0)
        {
            Log.OutboxDrained(_logger, _feed.Name, drained);
        }
    }

    /// <summary>
    /// Sends events to one destination; a send failure marks the destination failed instead of
    /// ending the feed. The acknowledged events are marked delivered in one transaction when
    /// the call ends, whether it succeeded, failed or was cancelled, which costs one disk sync
    /// per page rather than one per batch. A crash before that transaction only means those
    /// events are sent again with the same ids.
    /// </summary>
    private async Task<int> PublishAsync(DestinationState destination, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var acknowledgedEvents = new List<OutboxEvent>(events.Count);
        try
        {
            await destination.Publisher.PublishAsync(
                events,
                (acknowledged, _) =>
                {
                    acknowledgedEvents.AddRange(acknowledged);
                    return ValueTask.CompletedTask;
                },
                (tooLarge, reason, _) =>
                {
                    lock (_storeLock)
                    {
                        _store.Quarantine(tooLarge, reason);
                        _counts.Quarantined++;
                    }

                    return ValueTask.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            if (events.Count > 0)
            {
                Metrics?.RecordSend(_feed.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        }
        catch (EventHubPublishException exception)
        {
            destination.Failure = exception;
            Log.DestinationFailed(_logger, _feed.Name, destination.Key, exception.ExitCode);
        }
        finally
        {
            MarkDelivered(acknowledgedEvents);
        }

        return acknowledgedEvents.Count;
    }

    private void MarkDelivered(List<OutboxEvent> acknowledged)
    {
        if (acknowledged.Count == 0)
        {
            return;
        }

        lock (_storeLock)
        {
            Pause.Reach(PhasePause.Acknowledged);
            _store.MarkDelivered(acknowledged);
            Pause.Reach(PhasePause.DeliveredMarked);
            _counts.Forwarded += acknowledged.Count;
        }
    }
}
