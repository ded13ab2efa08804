using System.Diagnostics;
using System.Globalization;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>
/// The SDK ceiling: pre-built events sent in full batches by an <see cref="EventHubProducerClient"/>
/// alone, with no Microshare walk, no store and no outbox.
/// </summary>
internal static class RawSdkSender
{
    /// <summary>
    /// Builds one event per record with the body and CloudEvents properties that the forwarder
    /// sends, so both sides put the same bytes on the wire.
    /// </summary>
    public static IReadOnlyList<EventData> BuildEvents(IReadOnlyList<SimulatedRecord> records, string source, string eventType)
    {
        var events = new List<EventData>(records.Count);
        foreach (var record in records)
        {
            var eventData = new EventData(record.Json)
            {
                ContentType = CloudEventProperties.JsonContentType,
                MessageId = record.Id,
            };
            eventData.Properties[CloudEventProperties.Id] = record.Id;
            eventData.Properties[CloudEventProperties.Source] = source;
            eventData.Properties[CloudEventProperties.Type] = eventType;
            eventData.Properties[CloudEventProperties.Time] = record.Tstamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            eventData.Properties[CloudEventProperties.SpecVersion] = CloudEventProperties.SpecVersionValue;
            events.Add(eventData);
        }

        return events;
    }

    /// <summary>
    /// Sends every event in full batches with up to <paramref name="maxInFlight"/> batches
    /// awaiting acknowledgement, and returns the time from the first batch to the last
    /// acknowledgement. The connection is opened before the clock starts.
    /// </summary>
    public static async Task<TimeSpan> SendAllAsync(string connectionString, IReadOnlyList<EventData> events, int maxInFlight, CancellationToken cancellationToken = default)
    {
        await using var producer = new EventHubProducerClient(connectionString);
        using (await producer.CreateBatchAsync(cancellationToken).ConfigureAwait(false))
        {
            // Creating a batch opens the connection and the send link.
        }

        var inFlight = new Queue<Task>();
        var stopwatch = Stopwatch.StartNew();

        var batch = await producer.CreateBatchAsync(cancellationToken).ConfigureAwait(false);
        foreach (var eventData in events)
        {
            if (batch.TryAdd(eventData))
            {
                continue;
            }

            inFlight.Enqueue(SendAndDisposeAsync(producer, batch, cancellationToken));
            while (inFlight.Count >= maxInFlight)
            {
                await inFlight.Dequeue().ConfigureAwait(false);
            }

            batch = await producer.CreateBatchAsync(cancellationToken).ConfigureAwait(false);
            if (!batch.TryAdd(eventData))
            {
                throw new InvalidOperationException($"An event of {eventData.EventBody.ToMemory().Length} bytes does not fit an empty batch.");
            }
        }

        inFlight.Enqueue(SendAndDisposeAsync(producer, batch, cancellationToken));
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().ConfigureAwait(false);
        }

        return stopwatch.Elapsed;
    }

    private static async Task SendAndDisposeAsync(EventHubProducerClient producer, EventDataBatch batch, CancellationToken cancellationToken)
    {
        using (batch)
        {
            await producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }
}
