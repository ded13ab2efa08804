namespace MicroshareForwarder.State;

/// <summary>A row of the run history.</summary>
/// <param name="SummaryJson">The run's one-line JSON summary, as <c>run --output json</c> printed it.</param>
internal sealed record StoredRun(string RunId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int ExitCode, string? SummaryJson);
