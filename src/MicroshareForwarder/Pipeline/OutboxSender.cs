using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Sends outbox events to every destination hub of a run, for every kind of feed.
/// <see cref="Begin"/> starts one feed's sending; see <see cref="FeedSender"/>.
/// </summary>
internal sealed class OutboxSender
{
    private readonly ForwarderStore _store;
    private readonly IReadOnlyList<EventHubPublisher> _publishers;
    private readonly ILogger _logger;

    public OutboxSender(ForwarderStore store, IReadOnlyList<EventHubPublisher> publishers, ILogger logger)
    {
        _store = store;
        _publishers = publishers;
        _logger = logger;
    }

    /// <summary>Records send latency when set; null disables metrics.</summary>
    public Diagnostics.ForwarderMetrics? Metrics { get; init; }

    /// <summary>The crash-test hook; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    /// <summary>The first destination's key; events are built for it and copied for the others by <see cref="FeedSender.SelectFresh"/>.</summary>
    public string Destination => _publishers[0].Destination.Key;

    /// <summary>Starts one feed's sending, with a fresh failure state for each destination.</summary>
    public FeedSender Begin(FeedOptions feed, FeedCounts counts)
    {
        return new FeedSender(_store, _publishers.Select(publisher => new DestinationState(publisher)).ToList(), feed, counts, _logger) { Metrics = Metrics, Pause = Pause };
    }
}
