namespace MicroshareForwarder.State;

/// <summary>A record that failed normalization and was never sent, kept with the reason.</summary>
/// <param name="RecordId">The Microshare record id, or null when the record had none.</param>
/// <param name="BodyLength">The record's size in bytes.</param>
internal sealed record RejectedEntry(long Id, string Feed, string? RecordId, string Reason, DateTimeOffset RejectedAt, long BodyLength);
