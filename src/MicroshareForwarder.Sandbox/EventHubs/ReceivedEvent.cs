namespace MicroshareForwarder.Sandbox.EventHubs;

/// <summary>
/// One event that <see cref="EventHubsEndpoint"/> accepted. Each item of a batch is one event.
/// </summary>
/// <param name="Hub">The hub name, spelled as configured in <see cref="EventHubsEndpointOptions.Hubs"/>.</param>
/// <param name="PartitionId">The partition from the link address, or null when the producer sent to the hub.</param>
/// <param name="Body">The body: the concatenated data sections of the event.</param>
/// <param name="ApplicationProperties">The application properties, with values as decoded by AMQPNetLite.</param>
/// <param name="MessageId">The message id from the properties section, as a string.</param>
/// <param name="ContentType">The content type from the properties section.</param>
/// <param name="PartitionKey">The <c>x-opt-partition-key</c> message annotation.</param>
/// <param name="ReceivedAt">The time the endpoint decoded the delivery.</param>
public sealed record ReceivedEvent(
    string Hub,
    string? PartitionId,
    byte[] Body,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    string? MessageId,
    string? ContentType,
    string? PartitionKey,
    DateTimeOffset ReceivedAt);
