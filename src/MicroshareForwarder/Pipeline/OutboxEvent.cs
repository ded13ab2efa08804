namespace MicroshareForwarder.Pipeline;

/// <summary>
/// An event on its way to one destination hub. It is committed to the outbox before it is
/// sent and leaves the outbox only when Event Hubs acknowledged it.
/// </summary>
/// <param name="Sequence">The outbox row id; 0 until the event is stored.</param>
/// <param name="Feed">The feed that produced the event.</param>
/// <param name="Destination">The destination hub's key, <c>namespace/hub</c>.</param>
/// <param name="EventId">The stable event id: the Microshare record id for share records.</param>
/// <param name="EventType">The CloudEvents type: the Microshare record type.</param>
/// <param name="Source">The CloudEvents source: the API URL the record came from, without a query.</param>
/// <param name="Time">The record's own timestamp.</param>
/// <param name="PartitionKey">The Event Hubs partition key, or null to let the service choose.</param>
/// <param name="Body">The event body: the record's JSON bytes, unchanged, or for a dashboard entry a document that wraps the entry's bytes.</param>
/// <param name="Subject">The CloudEvents subject: for a dashboard entry the id of its first revision, the same for every revision; null otherwise.</param>
/// <param name="Revision">The revision number of a dashboard entry whose closed period changed: 1 for the first change; null otherwise.</param>
internal sealed record OutboxEvent(
    long Sequence,
    string Feed,
    string Destination,
    string EventId,
    string EventType,
    string Source,
    DateTimeOffset Time,
    string? PartitionKey,
    ReadOnlyMemory<byte> Body,
    string? Subject = null,
    int? Revision = null);
