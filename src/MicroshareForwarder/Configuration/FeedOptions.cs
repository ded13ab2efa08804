namespace MicroshareForwarder.Configuration;

/// <summary>One stream of records from Microshare with its own watermark.</summary>
internal sealed class FeedOptions
{
    /// <summary>The feed's name, used in the state, logs and <c>--feed</c>.</summary>
    public required string Name { get; init; }

    public FeedKind Kind { get; init; } = FeedKind.Share;

    /// <summary>The Microshare record type to read, for example <c>io.microshare.occupancy.unpacked</c>.</summary>
    public required string RecType { get; init; }

    /// <summary>
    /// How far behind the watermark a walk keeps reading, so records that arrive late are
    /// still seen. Default 2 hours.
    /// </summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromHours(2);

    /// <summary>A record timestamped further in the future than this is rejected. Default 1 hour.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A record older than this is rejected. Default 3,650 days.</summary>
    public TimeSpan MaxRecordAge { get; init; } = TimeSpan.FromDays(3650);
}
