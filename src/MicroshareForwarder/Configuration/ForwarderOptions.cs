namespace MicroshareForwarder.Configuration;

/// <summary>The whole validated configuration of one forwarder process.</summary>
internal sealed class ForwarderOptions
{
    public required MicroshareOptions Microshare { get; init; }

    public required EventHubOptions EventHub { get; init; }

    public required StateOptions State { get; init; }

    public required IReadOnlyList<FeedOptions> Feeds { get; init; }

    public MetricsOptions Metrics { get; init; } = new();
}
