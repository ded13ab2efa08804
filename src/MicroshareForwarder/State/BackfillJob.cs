namespace MicroshareForwarder.State;

/// <summary>A backfill of one feed's range, with the day-sized windows it has finished.</summary>
/// <param name="CreatedAt">When the job was first started; a resumed job keeps it.</param>
/// <param name="CompletedWindowStarts">Starts of the windows that are finished, as Unix milliseconds.</param>
/// <param name="Resumed">True when an earlier, interrupted invocation created the job.</param>
internal sealed record BackfillJob(long JobId, DateTimeOffset CreatedAt, IReadOnlySet<long> CompletedWindowStarts, bool Resumed);
