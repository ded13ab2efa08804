using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// <c>run --dry-run</c>: walks each feed the way a run does and reports what it would send,
/// without taking the lock, writing the store or connecting to Event Hubs. The store is
/// opened read-only, when it exists, for the watermark and the delivered ids.
/// </summary>
internal sealed class DryRun
{
    /// <summary>The Event Hubs Standard tier's limit for one event, used when no batch size is configured.</summary>
    private const long DefaultMaxEventBytes = 1_048_576;

    private readonly ShareClient _client;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;

    public DryRun(ShareClient client, ForwarderOptions options, TimeProvider timeProvider)
    {
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<DryRunFeedReport>> RunAsync(IReadOnlyList<FeedOptions> feeds, bool keepPayloads, CancellationToken cancellationToken = default)
    {
        var destination = EventHubClientFactory.DescribeDestination(_options.EventHub).Key;
        using var store = ForwarderStore.OpenReadOnly(_options.State.Directory, _timeProvider);

        var reports = new List<DryRunFeedReport>();
        foreach (var feed in feeds)
        {
            var report = new DryRunFeedReport { Feed = feed.Name };
            reports.Add(report);
            await WalkAsync(feed, destination, store, report, keepPayloads, cancellationToken).ConfigureAwait(false);
        }

        return reports;
    }

    private async Task WalkAsync(FeedOptions feed, string destination, ForwarderStore? store, DryRunFeedReport report, bool keepPayloads, CancellationToken cancellationToken)
    {
        report.Watermark = store?.GetWatermark(feed.Name);
        report.OutboxDepth = store?.CountOutbox(feed.Name) ?? 0;
        var stopBefore = report.Watermark - feed.Overlap;
        var normalizer = new ShareRecordNormalizer(feed, _options.Microshare.ApiUrl, destination, _timeProvider);
        var maxEventBytes = _options.EventHub.MaxBatchSizeBytes ?? DefaultMaxEventBytes;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var pageNumber = 1; pageNumber <= _options.Microshare.MaxPagesPerRun; pageNumber++)
        {
            var page = await _client.GetPageAsync(feed.Name, feed.RecType, pageNumber, cancellationToken).ConfigureAwait(false);
            report.Pages++;
            report.Fetched += page.Records.Count;

            var events = new List<OutboxEvent>(page.Records.Count);
            DateTimeOffset? oldest = null;
            foreach (var record in page.Records)
            {
                var item = normalizer.Normalize(record, out var rejection);
                if (item is null)
                {
                    report.Rejected.Add((rejection!.RecordId, rejection.Reason));
                    continue;
                }

                events.Add(item);
                oldest = oldest is null || item.Time < oldest ? item.Time : oldest;
            }

            var known = store?.FindKnownIds(destination, events.Select(item => item.EventId).ToList()) ?? [];
            foreach (var item in events)
            {
                if (known.Contains(item.EventId) || !seen.Add(item.EventId))
                {
                    report.Duplicates++;
                    continue;
                }

                report.Events.Add(new DryRunEvent(item.EventId, item.Time, item.Body.Length, item.Body.Length > maxEventBytes, keepPayloads ? item.Body : null));
            }

            if ((stopBefore is { } floor && oldest is { } oldestTime && oldestTime < floor) || ShareFeedRunner.IsLastPage(page, _options.Microshare.PageSize))
            {
                return;
            }
        }

        report.PaginationWarning = $"stopped at the cap of {_options.Microshare.MaxPagesPerRun} pages before reaching the watermark; a real run would stop there too";
    }
}
