namespace MicroshareForwarder.State;

/// <summary>An event that Event Hubs can never accept as it is, kept with the reason for an operator.</summary>
/// <param name="Id">The quarantine row id that <c>quarantine retry --id</c> takes.</param>
/// <param name="Body">The payload, or empty when it was not requested.</param>
/// <param name="BodyLength">The payload size in bytes.</param>
internal sealed record QuarantinedEvent(
    long Id,
    string Feed,
    string Destination,
    string EventId,
    string EventType,
    DateTimeOffset EventTime,
    string Reason,
    DateTimeOffset QuarantinedAt,
    long BodyLength,
    byte[] Body);
