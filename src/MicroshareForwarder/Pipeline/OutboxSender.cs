using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Sends outbox events to Event Hubs for every kind of feed: marks each acknowledged batch
/// delivered and quarantines events the hub can never accept. Events stay in the outbox
/// until they are acknowledged, so a failed send loses nothing.
/// </summary>
internal sealed class OutboxSender
{
    private const int OutboxReadSize = 2000;

    private readonly ForwarderStore _store;
    private readonly EventHubPublisher _publisher;
    private readonly ILogger _logger;

    public OutboxSender(ForwarderStore store, EventHubPublisher publisher, ILogger logger)
    {
        _store = store;
        _publisher = publisher;
        _logger = logger;
    }

    /// <summary>The destination hub's key, <c>namespace/hub</c>.</summary>
    public string Destination => _publisher.Destination.Key;

    /// <summary>Sends what an earlier run left in the feed's outbox, oldest first.</summary>
    public async Task DrainAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var afterSequence = 0L;
        var drained = 0L;
        while (true)
        {
            var pending = _store.ReadOutbox(feed.Name, Destination, afterSequence, OutboxReadSize);
            if (pending.Count == 0)
            {
                break;
            }

            await SendAsync(pending, counts, cancellationToken).ConfigureAwait(false);
            drained += pending.Count;
            afterSequence = pending[^1].Sequence;
        }

        if (drained > 0)
        {
            Log.OutboxDrained(_logger, feed.Name, drained);
        }
    }

    /// <summary>Sends events that are already committed to the outbox.</summary>
    public Task SendAsync(IReadOnlyList<OutboxEvent> events, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        return _publisher.PublishAsync(
            events,
            (acknowledged, _) =>
            {
                _store.MarkDelivered(acknowledged);
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
}
