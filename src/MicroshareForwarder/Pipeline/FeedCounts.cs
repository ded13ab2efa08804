namespace MicroshareForwarder.Pipeline;

/// <summary>What one feed did in one run. Counts are events, except <see cref="Pages"/>.</summary>
internal sealed class FeedCounts
{
    public required string Feed { get; init; }

    /// <summary>Records read from Microshare.</summary>
    public long Fetched { get; set; }

    /// <summary>Events acknowledged by Event Hubs in this run, outbox leftovers of earlier runs included.</summary>
    public long Forwarded { get; set; }

    /// <summary>Records whose id was already delivered, queued or quarantined.</summary>
    public long Duplicates { get; set; }

    /// <summary>Records that failed validation and were kept in the store instead of being sent.</summary>
    public long Rejected { get; set; }

    /// <summary>Events that Event Hubs can never accept (too large) and were set aside.</summary>
    public long Quarantined { get; set; }

    /// <summary>Dashboard entries of periods not yet closed and settled, left for a later run.</summary>
    public long HeldBack { get; set; }

    /// <summary>Pages of a share walk, or View queries of a dashboard or view feed.</summary>
    public int Pages { get; set; }

    /// <summary>Set when the walk stopped at the page cap before reaching the watermark.</summary>
    public string? PaginationWarning { get; set; }

    public DateTimeOffset? Watermark { get; set; }

    public int ExitCode { get; set; }

    /// <summary>The failure that ended the feed's run, without secrets or record content.</summary>
    public string? Error { get; set; }
}
