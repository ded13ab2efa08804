namespace MicroshareForwarder.Microshare;

/// <summary>
/// One record from a <c>/share</c> page: its exact bytes as served, and the few fields
/// the forwarder reads from it. Everything else in the record stays opaque.
/// </summary>
/// <param name="Id">The record id (<c>id</c>, else <c>_id</c> or <c>_id.$oid</c>); null when the record has none.</param>
/// <param name="RecType">The record's <c>recType</c>, when present.</param>
/// <param name="Timestamp">The record's <c>tstamp</c>, else its <c>createDate</c>; null when neither parses.</param>
/// <param name="Json">The record's JSON bytes exactly as they appear in the page.</param>
internal sealed record ShareRecord(string? Id, string? RecType, DateTimeOffset? Timestamp, ReadOnlyMemory<byte> Json);
