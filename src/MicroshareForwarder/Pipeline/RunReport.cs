namespace MicroshareForwarder.Pipeline;

/// <summary>The outcome of one run over the configured feeds.</summary>
internal sealed class RunReport
{
    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; set; }

    public int ExitCode { get; set; }

    public required IReadOnlyList<FeedCounts> Feeds { get; init; }

    /// <summary>Events still waiting in the outbox after the run.</summary>
    public long OutboxDepth { get; set; }

    /// <summary>The first failure's message, without secrets; null on success.</summary>
    public string? Error { get; set; }
}
