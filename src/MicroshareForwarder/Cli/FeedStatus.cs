namespace MicroshareForwarder.Cli;

/// <summary>One feed's health as <c>status</c> reports it.</summary>
/// <param name="Lag">Now minus the watermark; null before the first complete walk.</param>
/// <param name="LastRunExitCode">The feed's exit code in the last run, from <c>state.json</c>; null when the file has no entry for it.</param>
internal sealed record FeedStatus(
    string Feed,
    DateTimeOffset? Watermark,
    TimeSpan? Lag,
    long OutboxDepth,
    long Rejected,
    long Quarantined,
    int? LastRunExitCode,
    string? PaginationWarning,
    string? LastError);
