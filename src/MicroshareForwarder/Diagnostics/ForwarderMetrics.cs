using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// The forwarder's <see cref="System.Diagnostics.Metrics"/> instruments. Counters and
/// histograms are recorded as runs happen. The gauges report the state that the last run
/// left (lag, outbox depth, quarantine size, exit code) when an exporter collects them.
/// Each instance owns its own <see cref="Meter"/>, so parallel runs in one process never mix.
/// </summary>
internal sealed class ForwarderMetrics : IDisposable
{
    public const string MeterName = "MicroshareForwarder";

    private readonly Meter _meter;
    private readonly Counter<long> _fetched;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _quarantined;
    private readonly Histogram<double> _sendDuration;
    private readonly Histogram<double> _runDuration;
    private readonly ConcurrentDictionary<string, FeedState> _feeds = new(StringComparer.Ordinal);
    private RunState? _lastRun;

    public ForwarderMetrics()
    {
        _meter = new Meter(MeterName);
        _fetched = _meter.CreateCounter<long>("microshare_forwarder.events.fetched", "{event}", "Records read from Microshare.");
        _forwarded = _meter.CreateCounter<long>("microshare_forwarder.events.forwarded", "{event}", "Events acknowledged by Event Hubs.");
        _duplicates = _meter.CreateCounter<long>("microshare_forwarder.events.duplicates", "{event}", "Records skipped because their id was already delivered, queued or quarantined.");
        _rejected = _meter.CreateCounter<long>("microshare_forwarder.events.rejected", "{event}", "Records that failed validation and were kept in the store instead of being sent.");
        _quarantined = _meter.CreateCounter<long>("microshare_forwarder.events.quarantined", "{event}", "Events that Event Hubs can never accept and that were set aside.");
        _sendDuration = _meter.CreateHistogram<double>("microshare_forwarder.send.duration", "s", "Time from handing a set of events to the Event Hubs producer until all of them were acknowledged.");
        _runDuration = _meter.CreateHistogram<double>("microshare_forwarder.run.duration", "s", "Duration of a run over the configured feeds.");

        _meter.CreateObservableGauge("microshare_forwarder.lag", ObserveLag, "s", "Time between now and the feed's watermark, the newest record time up to which everything is delivered.");
        _meter.CreateObservableGauge("microshare_forwarder.outbox.depth", () => ObserveFeeds(state => state.OutboxDepth), "{event}", "Events waiting in the outbox.");
        _meter.CreateObservableGauge("microshare_forwarder.quarantine.size", () => ObserveFeeds(state => state.Quarantined), "{event}", "Events held in the quarantine.");
        _meter.CreateObservableGauge("microshare_forwarder.rejected.size", () => ObserveFeeds(state => state.Rejected), "{event}", "Rejected records kept in the store.");
        _meter.CreateObservableGauge("microshare_forwarder.last_run.exit_code", () => ObserveRun(run => run.ExitCode), "{code}", "Exit code of the last run: 0 success, 75 temporary failure, 77 permission, 78 configuration.");
        _meter.CreateObservableGauge("microshare_forwarder.last_run.success", () => ObserveRun(run => run.ExitCode == 0 ? 1 : 0), "{bool}", "1 when the last run succeeded, else 0.");
        _meter.CreateObservableGauge("microshare_forwarder.last_run.end_time", () => ObserveRun(run => run.EndedAt.ToUnixTimeMilliseconds() / 1000.0), "s", "End of the last run as Unix time.");
    }

    public Meter Meter => _meter;

    /// <summary>Adds one feed's counts of a run to the counters.</summary>
    public void RecordFeed(FeedCounts counts)
    {
        var tag = new KeyValuePair<string, object?>("feed", counts.Feed);
        _fetched.Add(counts.Fetched, tag);
        _forwarded.Add(counts.Forwarded, tag);
        _duplicates.Add(counts.Duplicates, tag);
        _rejected.Add(counts.Rejected, tag);
        _quarantined.Add(counts.Quarantined, tag);
    }

    public void RecordSend(string feed, TimeSpan duration)
    {
        _sendDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("feed", feed));
    }

    /// <summary>Records a finished run's duration and exit code for the run gauges.</summary>
    public void RecordRun(RunReport report)
    {
        _runDuration.Record((report.EndedAt - report.StartedAt).TotalSeconds);
        _lastRun = new RunState(report.ExitCode, report.EndedAt);
    }

    /// <summary>Sets what the store holds for a feed after a run; the gauges report it until the next call.</summary>
    public void SetFeedState(string feed, DateTimeOffset? watermark, long outboxDepth, long quarantined, long rejected, TimeProvider timeProvider)
    {
        _feeds[feed] = new FeedState(watermark, outboxDepth, quarantined, rejected, timeProvider);
    }

    public void Dispose()
    {
        _meter.Dispose();
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        foreach (var (feed, state) in _feeds)
        {
            if (state.Watermark is { } watermark)
            {
                var lag = state.TimeProvider.GetUtcNow() - watermark;
                yield return new Measurement<double>(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("feed", feed));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveFeeds(Func<FeedState, long> select)
    {
        foreach (var (feed, state) in _feeds)
        {
            yield return new Measurement<long>(select(state), new KeyValuePair<string, object?>("feed", feed));
        }
    }

    private IEnumerable<Measurement<double>> ObserveRun(Func<RunState, double> select)
    {
        if (_lastRun is { } run)
        {
            yield return new Measurement<double>(select(run));
        }
    }

    private sealed record FeedState(DateTimeOffset? Watermark, long OutboxDepth, long Quarantined, long Rejected, TimeProvider TimeProvider);

    private sealed record RunState(int ExitCode, DateTimeOffset EndedAt);
}
