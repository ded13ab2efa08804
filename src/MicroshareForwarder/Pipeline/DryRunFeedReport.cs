namespace MicroshareForwarder.Pipeline;

/// <summary>What a dry run found for one feed.</summary>
internal sealed class DryRunFeedReport
{
    public required string Feed { get; init; }

    public long Fetched { get; set; }

    public int Pages { get; set; }

    public long Duplicates { get; set; }

    /// <summary>Events an earlier run left in the outbox; a real run sends them first.</summary>
    public long OutboxDepth { get; set; }

    public DateTimeOffset? Watermark { get; set; }

    public List<DryRunEvent> Events { get; } = [];

    /// <summary>Rejected records as (record id, reason); the reason never quotes record content.</summary>
    public List<(string? RecordId, string Reason)> Rejected { get; } = [];

    public string? PaginationWarning { get; set; }

    public long TotalBytes => Events.Sum(item => (long)item.SizeBytes);
}
