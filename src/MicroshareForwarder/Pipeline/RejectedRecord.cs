namespace MicroshareForwarder.Pipeline;

/// <summary>A record that failed validation; it is kept in the store for inspection and never sent.</summary>
/// <param name="Feed">The feed that read the record.</param>
/// <param name="RecordId">The record id, when it has one.</param>
/// <param name="Reason">Why the record was rejected, without any of its content.</param>
/// <param name="Body">The record's JSON bytes as served.</param>
internal sealed record RejectedRecord(string Feed, string? RecordId, string Reason, ReadOnlyMemory<byte> Body);
