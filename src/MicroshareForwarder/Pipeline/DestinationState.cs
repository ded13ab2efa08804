using MicroshareForwarder.EventHubs;

namespace MicroshareForwarder.Pipeline;

/// <summary>One destination hub during one feed's run: its publisher, partition key and first failure.</summary>
internal sealed class DestinationState
{
    public DestinationState(EventHubPublisher publisher)
    {
        Publisher = publisher;
        PartitionKey = publisher.PartitionKeyPath is { } path ? JsonPointer.Parse(path) : null;
    }

    public EventHubPublisher Publisher { get; }

    /// <summary>The destination's key in the store, <c>namespace/hub</c>.</summary>
    public string Key => Publisher.Destination.Key;

    /// <summary>The pointer to the record member that becomes the partition key; null for none.</summary>
    public JsonPointer? PartitionKey { get; }

    /// <summary>The failure that stopped sends to this destination in this run; null while it works.</summary>
    public EventHubPublishException? Failure { get; set; }
}
