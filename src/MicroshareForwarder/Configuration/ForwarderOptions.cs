namespace MicroshareForwarder.Configuration;

/// <summary>The whole validated configuration of one forwarder process.</summary>
internal sealed class ForwarderOptions
{
    public required MicroshareOptions Microshare { get; init; }

    /// <summary>The first destination hub, the one the unprefixed <c>EVENTHUB_*</c> settings describe.</summary>
    public required EventHubOptions EventHub { get; init; }

    /// <summary>Every destination hub, <see cref="EventHub"/> first. Each feed publishes to all of them.</summary>
    public IReadOnlyList<EventHubOptions> EventHubs { get => field ?? [EventHub]; init; }

    public required StateOptions State { get; init; }

    public required IReadOnlyList<FeedOptions> Feeds { get; init; }

    public MetricsOptions Metrics { get; init; } = new();
}
