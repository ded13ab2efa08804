namespace MicroshareForwarder.Microshare;

/// <summary>One <c>line[]</c> entry of a dashboard View result: an hour of one location.</summary>
/// <param name="Tags">The location tags of the entry's group, <c>data._id.tags</c>, in the order served.</param>
/// <param name="Time">The entry's <c>time</c>, the start of its period; null when it is missing or unparsable.</param>
/// <param name="Json">The entry's JSON bytes exactly as they appear in the response.</param>
internal sealed record DashboardEntry(IReadOnlyList<string> Tags, DateTimeOffset? Time, ReadOnlyMemory<byte> Json);
