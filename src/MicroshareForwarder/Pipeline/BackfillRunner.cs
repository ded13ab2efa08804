using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Forwards the records of a past time range. The share API has no time filter and pages
/// newest first, so the walk starts at page 1 and goes on until records are older than the
/// range. Records in the range go through the outbox like a run's. A day-sized window is
/// saved as finished once nothing of it is left unsent and the walk has passed below its
/// start by the feed's overlap, which allows for records that arrive out of order. An interrupted backfill
/// started again with the same arguments skips the finished windows, and deduplication (or,
/// with <c>--resend</c>, the job's own list of sent ids) covers the window it stopped in.
/// </summary>
internal sealed class BackfillRunner
{
    private const int OutboxReadSize = 2000;

    private readonly ShareClient _client;
    private readonly ForwarderStore _store;
    private readonly EventHubPublisher _publisher;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public BackfillRunner(ShareClient client, ForwarderStore store, EventHubPublisher publisher, ForwarderOptions options, TimeProvider timeProvider, ILogger<BackfillRunner> logger)
    {
        _client = client;
        _store = store;
        _publisher = publisher;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Walks the feed for <paramref name="request"/>; <paramref name="report"/> carries the counts even when this throws.</summary>
    public async Task RunAsync(FeedOptions feed, BackfillRequest request, BackfillReport report, IBackfillProgress progress, CancellationToken cancellationToken = default)
    {
        var destination = _publisher.Destination.Key;
        var job = _store.StartOrResumeBackfill(feed.Name, destination, request.From, request.To, request.Resend);
        var windows = BackfillWindow.Split(request.From, request.To);
        var finished = new HashSet<int>(windows.Where(window => job.CompletedWindowStarts.Contains(window.Start.ToUnixTimeMilliseconds())).Select(window => window.Index));
        report.JobId = job.JobId;
        report.Resumed = job.Resumed;
        report.WindowsTotal = windows.Count;
        report.WindowsCompleted = finished.Count;
        Log.BackfillStarted(_logger, feed.Name, job.JobId, request.From, request.To, request.Resend, finished.Count, windows.Count);

        await DrainOutboxAsync(feed, destination, report, cancellationToken).ConfigureAwait(false);

        var normalizer = new ShareRecordNormalizer(feed, _options.Microshare.ApiUrl, destination, _timeProvider);
        // NOTE: a backfill sends page by page, newest page first, so a partition key's events are not in time order across pages.
        var partitionKey = _publisher.PartitionKeyPath is { } path ? JsonPointer.Parse(path) : null;
        var forwardedPerWindow = new long[windows.Count];
        var nextToClose = windows.Count - 1;

        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await _client.GetPageAsync(feed.Name, feed.RecType, pageNumber, cancellationToken).ConfigureAwait(false);
            report.Pages++;
            report.Fetched += page.Records.Count;

            var (candidates, oldest) = SelectCandidates(page, normalizer, windows, finished, report);
            var known = request.Resend
                ? _store.FindResendKnownIds(job.JobId, destination, candidates.Select(item => item.EventId).ToList())
                : _store.FindKnownIds(destination, candidates.Select(item => item.EventId).ToList());
            var seenOnPage = new HashSet<string>(StringComparer.Ordinal);
            var fresh = candidates
                .Where(item => !known.Contains(item.EventId) && seenOnPage.Add(item.EventId))
                .Select(item => partitionKey is null ? item : item with { PartitionKey = partitionKey.Evaluate(item.Body) })
                .ToList();
            report.Duplicates += candidates.Count - fresh.Count;

            var stored = _store.EnqueueBackfill(job.JobId, fresh);
            await PublishAsync(stored, report, windows, forwardedPerWindow, cancellationToken).ConfigureAwait(false);
            Log.BackfillPage(_logger, feed.Name, pageNumber, page.Records.Count, stored.Count);

            if (oldest is { } reached && (report.ReachedBack is null || reached < report.ReachedBack))
            {
                report.ReachedBack = reached;
            }

            var isLastPage = ShareFeedRunner.IsLastPage(page, _options.Microshare.PageSize);
            var passedRange = oldest is { } oldestTime && oldestTime < request.From - feed.Overlap;
            while (nextToClose >= 0 && (isLastPage || passedRange || (oldest is { } time && time < windows[nextToClose].Start - feed.Overlap)))
            {
                var window = windows[nextToClose];
                if (finished.Add(window.Index))
                {
                    _store.CompleteBackfillWindow(job.JobId, window.Start, window.End, forwardedPerWindow[window.Index]);
                    report.WindowsCompleted = finished.Count;
                    progress.WindowCompleted(report, window, forwardedPerWindow[window.Index]);
                }

                nextToClose--;
            }

            progress.PageDone(report);
            if (isLastPage || passedRange)
            {
                break;
            }
        }

        _store.CompleteBackfill(job.JobId);
        report.Finished = true;
        Log.BackfillFinished(_logger, feed.Name, job.JobId, report.Forwarded, report.Duplicates, report.Pages);
    }

    private static (List<OutboxEvent> Candidates, DateTimeOffset? Oldest) SelectCandidates(
        SharePage page,
        ShareRecordNormalizer normalizer,
        IReadOnlyList<BackfillWindow> windows,
        HashSet<int> finished,
        BackfillReport report)
    {
        var candidates = new List<OutboxEvent>(page.Records.Count);
        DateTimeOffset? oldest = null;
        foreach (var record in page.Records)
        {
            var item = normalizer.Normalize(record, out _);
            if (item is null)
            {
                report.Rejected++;
                continue;
            }

            oldest = oldest is null || item.Time < oldest ? item.Time : oldest;
            var index = BackfillWindow.IndexOf(windows, item.Time);
            if (index < 0 || finished.Contains(index))
            {
                report.Skipped++;
                continue;
            }

            candidates.Add(item);
        }

        return (candidates, oldest);
    }

    private async Task DrainOutboxAsync(FeedOptions feed, string destination, BackfillReport report, CancellationToken cancellationToken)
    {
        var afterSequence = 0L;
        while (true)
        {
            var pending = _store.ReadOutbox(feed.Name, destination, afterSequence, OutboxReadSize);
            if (pending.Count == 0)
            {
                break;
            }

            await PublishAsync(pending, report, windows: null, forwardedPerWindow: null, cancellationToken).ConfigureAwait(false);
            afterSequence = pending[^1].Sequence;
        }
    }

    private Task PublishAsync(IReadOnlyList<OutboxEvent> events, BackfillReport report, IReadOnlyList<BackfillWindow>? windows, long[]? forwardedPerWindow, CancellationToken cancellationToken)
    {
        return _publisher.PublishAsync(
            events,
            (acknowledged, _) =>
            {
                _store.MarkDelivered(acknowledged);
                report.Forwarded += acknowledged.Count;
                if (windows is not null && forwardedPerWindow is not null)
                {
                    foreach (var item in acknowledged)
                    {
                        forwardedPerWindow[BackfillWindow.IndexOf(windows, item.Time)]++;
                    }
                }

                return ValueTask.CompletedTask;
            },
            (tooLarge, reason, _) =>
            {
                _store.Quarantine(tooLarge, reason);
                report.Quarantined++;
                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }
}
