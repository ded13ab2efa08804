namespace MicroshareForwarder.Pipeline;

/// <summary>What a backfill did; counts are of this invocation only, except the window counts.</summary>
internal sealed class BackfillReport
{
    public required string Feed { get; init; }

    public required BackfillRequest Request { get; init; }

    public long JobId { get; set; }

    /// <summary>True when the job was started by an earlier, interrupted invocation.</summary>
    public bool Resumed { get; set; }

    public long Fetched { get; set; }

    public int Pages { get; set; }

    public long Forwarded { get; set; }

    /// <summary>Records in range whose id was already delivered, queued or quarantined (with <c>--resend</c>: already sent by this job).</summary>
    public long Duplicates { get; set; }

    /// <summary>Records outside the range, or in windows an earlier invocation of the job finished.</summary>
    public long Skipped { get; set; }

    /// <summary>Records that failed validation; a backfill counts them but does not store them again.</summary>
    public long Rejected { get; set; }

    public long Quarantined { get; set; }

    public int WindowsTotal { get; set; }

    /// <summary>Windows finished, by this invocation or an earlier one of the same job.</summary>
    public int WindowsCompleted { get; set; }

    /// <summary>The oldest record time the walk has reached, which measures progress through the range.</summary>
    public DateTimeOffset? ReachedBack { get; set; }

    public bool Finished { get; set; }
}
