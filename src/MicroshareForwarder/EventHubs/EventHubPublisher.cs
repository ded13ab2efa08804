using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.EventHubs;

/// <summary>
/// Sends outbox events to one Event Hub in batches that the SDK sizes with
/// <see cref="EventDataBatch.TryAdd"/>. Several batches may be in flight at once. Each
/// batch is reported through <c>onAcknowledged</c> only after Event Hubs acknowledged it;
/// an event too large for an empty batch is reported through <c>onTooLarge</c>.
/// </summary>
internal sealed class EventHubPublisher : IAsyncDisposable
{
    private readonly EventHubProducerClient _producer;
    private readonly EventHubOptions _options;
    private readonly ILogger _logger;

    public EventHubPublisher(EventHubProducerClient producer, EventHubDestination destination, EventHubOptions options, ILogger<EventHubPublisher> logger)
    {
        _producer = producer;
        _options = options;
        _logger = logger;
        Destination = destination;
    }

    public EventHubDestination Destination { get; }

    /// <summary>The JSON Pointer whose value becomes each event's partition key; null for none.</summary>
    public string? PartitionKeyPath => _options.PartitionKeyPath;

    /// <summary>The most batches sent at once. Two keep the link busy while the next batch is built.</summary>
    public int MaxConcurrentSends { get; init; } = 4;

    /// <summary>
    /// Sends <paramref name="events"/>, grouped by partition key in their original order, so
    /// events with the same key share batches.
    /// Throws <see cref="EventHubPublishException"/> after the batches already in flight have
    /// finished and the acknowledged ones were reported.
    /// </summary>
    public async Task PublishAsync(
        IReadOnlyList<OutboxEvent> events,
        Func<IReadOnlyList<OutboxEvent>, CancellationToken, ValueTask> onAcknowledged,
        Func<OutboxEvent, string, CancellationToken, ValueTask> onTooLarge,
        CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        var inFlight = new Queue<Task<(IReadOnlyList<OutboxEvent> Events, Exception? Failure)>>();
        Exception? firstFailure = null;

        try
        {
            foreach (var group in GroupByPartitionKey(events))
            {
                var batch = await CreateBatchAsync(group.Key, cancellationToken).ConfigureAwait(false);
                var members = new List<OutboxEvent>();

                foreach (var item in group.Value)
                {
                    var eventData = ToEventData(item);
                    if (batch.TryAdd(eventData))
                    {
                        members.Add(item);
                        continue;
                    }

                    if (members.Count == 0)
                    {
                        Log.EventTooLarge(_logger, item.EventId, item.Feed, item.Body.Length, Destination.Key, batch.MaximumSizeInBytes);
                        await onTooLarge(item, $"the event (a body of {item.Body.Length} bytes plus its properties and AMQP envelope) does not fit the limit of {batch.MaximumSizeInBytes} bytes of {Destination.Key}", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    inFlight.Enqueue(SendAsync(batch, members, cancellationToken));

                    // Batches of one partition key go out one after another, because a retried
                    // batch could otherwise land behind the next one and break the key's order.
                    var keep = group.Key is null ? MaxConcurrentSends - 1 : 0;
                    firstFailure ??= await DrainAsync(inFlight, keep, onAcknowledged, cancellationToken).ConfigureAwait(false);
                    if (firstFailure is not null)
                    {
                        break;
                    }

                    batch = await CreateBatchAsync(group.Key, cancellationToken).ConfigureAwait(false);
                    members = [];
                    if (batch.TryAdd(ToEventData(item)))
                    {
                        members.Add(item);
                    }
                    else
                    {
                        Log.EventTooLarge(_logger, item.EventId, item.Feed, item.Body.Length, Destination.Key, batch.MaximumSizeInBytes);
                        await onTooLarge(item, $"the event (a body of {item.Body.Length} bytes plus its properties and AMQP envelope) does not fit the limit of {batch.MaximumSizeInBytes} bytes of {Destination.Key}", cancellationToken).ConfigureAwait(false);
                    }
                }

                if (firstFailure is not null)
                {
                    batch.Dispose();
                    break;
                }

                if (members.Count > 0)
                {
                    inFlight.Enqueue(SendAsync(batch, members, cancellationToken));
                }
                else
                {
                    batch.Dispose();
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            firstFailure ??= exception;
        }

        var remainingFailure = await DrainAsync(inFlight, 0, onAcknowledged, cancellationToken).ConfigureAwait(false);
        firstFailure ??= remainingFailure;

        if (firstFailure is not null)
        {
            throw Translate(firstFailure, events.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _producer.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<EventDataBatch> CreateBatchAsync(string? partitionKey, CancellationToken cancellationToken)
    {
        var options = new CreateBatchOptions { PartitionKey = partitionKey };
        if (_options.MaxBatchSizeBytes is { } cap)
        {
            options.MaximumSizeInBytes = cap;
        }

        try
        {
            return await _producer.CreateBatchAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException) when (_options.MaxBatchSizeBytes is not null)
        {
            // The configured cap is above the hub's own limit, so the hub's limit applies.
            return await _producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = partitionKey }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(IReadOnlyList<OutboxEvent> Events, Exception? Failure)> SendAsync(EventDataBatch batch, List<OutboxEvent> members, CancellationToken cancellationToken)
    {
        using (batch)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await _producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
                Log.BatchSent(_logger, members.Count, batch.SizeInBytes, Destination.Key, stopwatch.ElapsedMilliseconds);
                return (members, null);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (members, exception);
            }
        }
    }

    private static async Task<Exception?> DrainAsync(
        Queue<Task<(IReadOnlyList<OutboxEvent> Events, Exception? Failure)>> inFlight,
        int keep,
        Func<IReadOnlyList<OutboxEvent>, CancellationToken, ValueTask> onAcknowledged,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        while (inFlight.Count > keep)
        {
            var (events, exception) = await inFlight.Dequeue().ConfigureAwait(false);
            if (exception is null)
            {
                await onAcknowledged(events, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                failure ??= exception;
            }
        }

        return failure;
    }

    private static IEnumerable<KeyValuePair<string?, List<OutboxEvent>>> GroupByPartitionKey(IReadOnlyList<OutboxEvent> events)
    {
        var groups = new List<KeyValuePair<string?, List<OutboxEvent>>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        List<OutboxEvent>? withoutKey = null;

        foreach (var item in events)
        {
            if (item.PartitionKey is null)
            {
                if (withoutKey is null)
                {
                    withoutKey = [];
                    groups.Add(new(null, withoutKey));
                }

                withoutKey.Add(item);
            }
            else if (index.TryGetValue(item.PartitionKey, out var position))
            {
                groups[position].Value.Add(item);
            }
            else
            {
                index[item.PartitionKey] = groups.Count;
                groups.Add(new(item.PartitionKey, [item]));
            }
        }

        return groups;
    }

    private EventData ToEventData(OutboxEvent item)
    {
        return _options.EventFormat switch
        {
            EventFormat.Structured => CloudEventEncoder.ToStructured(item),
            EventFormat.Raw => new EventData(item.Body),
            _ => CloudEventEncoder.ToBinary(item),
        };
    }

    private EventHubPublishException Translate(Exception failure, int eventCount)
    {
        var target = $"Event Hub '{Destination.HubName}' in namespace '{Destination.FullyQualifiedNamespace}'";
        var (exitCode, message) = failure switch
        {
            UnauthorizedAccessException => (ExitCodes.NoPermission,
                $"{target} refused to authorize the send: give the forwarder's identity the 'Azure Event Hubs Data Sender' role on the hub or the namespace, or check EVENTHUB_CONNECTION_STRING's key."),
            EventHubsException { Reason: EventHubsException.FailureReason.ResourceNotFound } => (ExitCodes.Configuration,
                $"{target} does not exist: check EVENTHUB_NAME and EVENTHUB_FULLY_QUALIFIED_NAMESPACE."),
            ArgumentException => (ExitCodes.Configuration,
                $"{target} rejected the send as invalid ({failure.Message})."),
            EventHubsException { IsTransient: true } eventHubs => (ExitCodes.TemporaryFailure,
                $"{target} is unavailable ({eventHubs.Reason}) after the retries; the events stay in the outbox for the next run."),
            _ => (ForwarderRetryPolicy.IsTransient(failure) ? ExitCodes.TemporaryFailure : ExitCodes.Software,
                $"Sending to {target} failed ({failure.GetType().Name}: {failure.Message}); the events stay in the outbox for the next run."),
        };

        Log.SendFailed(_logger, Destination.Key, failure.GetType().Name, eventCount);
        return new EventHubPublishException(message, exitCode, failure);
    }
}
