namespace MicroshareForwarder.Pipeline;

/// <summary>An event that a dry run found new: it would be committed to the outbox and sent.</summary>
/// <param name="Body">The event body; kept only when the payload was asked for explicitly.</param>
internal sealed record DryRunEvent(string EventId, DateTimeOffset Time, int SizeBytes, bool TooLarge, ReadOnlyMemory<byte>? Body);
