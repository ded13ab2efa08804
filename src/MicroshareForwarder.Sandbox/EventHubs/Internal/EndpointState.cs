using System.Collections.Concurrent;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The state that the AMQP node processors of one endpoint share: settings, fault, stores and
/// counters. Every member is safe to call from the I/O threads of AMQPNetLite.
/// </summary>
internal sealed class EndpointState
{
    private readonly Dictionary<string, HubEventStore> stores;
    private readonly ConcurrentQueue<CbsTokenRecord> cbsTokens = new();
    private long rejectedDeliveries;

    public EndpointState(EventHubsEndpointOptions options)
    {
        Options = options;
        Faults = new FaultSwitch(options.TimeProvider);
        CreatedAt = options.TimeProvider.GetUtcNow();
        stores = options.Hubs.ToDictionary(hub => hub, hub => new HubEventStore(hub), StringComparer.OrdinalIgnoreCase);
        PartitionIds = Enumerable.Range(0, options.PartitionCount)
            .Select(partition => partition.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    public EventHubsEndpointOptions Options { get; }

    public FaultSwitch Faults { get; }

    /// <summary>The creation time reported by <c>$management</c> reads.</summary>
    public DateTimeOffset CreatedAt { get; }

    public string[] PartitionIds { get; }

    public IReadOnlyList<CbsTokenRecord> CbsTokens => cbsTokens.ToArray();

    public long RejectedDeliveries => Interlocked.Read(ref rejectedDeliveries);

    public bool TryGetStore(string hub, out HubEventStore store)
    {
        return stores.TryGetValue(hub, out store!);
    }

    /// <summary>
    /// Returns the store of a configured hub.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not in <see cref="EventHubsEndpointOptions.Hubs"/>.</exception>
    public HubEventStore GetStore(string hub)
    {
        ArgumentNullException.ThrowIfNull(hub);

        if (!stores.TryGetValue(hub, out HubEventStore? store))
        {
            throw new ArgumentException(
                $"Hub '{hub}' is not configured. Configured hubs: {string.Join(", ", Options.Hubs)}.",
                nameof(hub));
        }

        return store;
    }

    public bool IsPartitionId(string partitionId)
    {
        return Array.IndexOf(PartitionIds, partitionId) >= 0;
    }

    public void RecordCbsToken(CbsTokenRecord record)
    {
        cbsTokens.Enqueue(record);
    }

    public void CountRejectedDelivery()
    {
        Interlocked.Increment(ref rejectedDeliveries);
    }
}
