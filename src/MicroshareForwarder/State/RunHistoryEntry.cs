namespace MicroshareForwarder.State;

/// <summary>One run as the store recorded it; <see cref="EndedAt"/> and <see cref="ExitCode"/> are null for a run that was killed or is still going.</summary>
/// <param name="SummaryJson">The run's <c>--output json</c> summary line.</param>
internal sealed record RunHistoryEntry(string RunId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int? ExitCode, string? SummaryJson);
