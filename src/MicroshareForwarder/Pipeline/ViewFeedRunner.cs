using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Runs one view feed: runs the feed's View with <c>from</c> and <c>to</c> over windows of at
/// most a day, from the watermark minus the overlap to now minus the settle delay, and
/// forwards each returned record like a share record (its id is the event id, its bytes the
/// body). The watermark moves to the end of the range once every window is delivered.
/// </summary>
internal sealed class ViewFeedRunner
{
    /// <summary>The most records a View runs over unless its own pipeline sets <c>$limit</c>.</summary>
    private const int ViewRecordLimit = 999;

    private readonly ViewClient _views;
    private readonly ForwarderStore _store;
    private readonly OutboxSender _sender;
    private readonly Uri _apiUrl;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ViewFeedRunner(ViewClient views, ForwarderStore store, OutboxSender sender, Uri apiUrl, TimeProvider timeProvider, ILogger<ViewFeedRunner> logger)
    {
        _views = views;
        _store = store;
        _sender = sender;
        _apiUrl = apiUrl;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task RunAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var sending = _sender.Begin(feed, counts);
        await sending.DrainAsync(cancellationToken).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow();
        var watermark = _store.GetWatermark(feed.Name);
        counts.Watermark = watermark;

        var to = now - feed.SettleDelay;
        var from = watermark is { } mark ? mark - feed.Overlap : now - feed.InitialLookback;
        if (from >= to)
        {
            return;
        }

        var normalizer = new ShareRecordNormalizer(feed, _apiUrl, _sender.Destination, _timeProvider);
        foreach (var (start, end) in TimeWindows.Split(from, to, feed.Window))
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("id", feed.ViewId!),
                new("from", ViewClient.FormatTime(start)),
                new("to", ViewClient.FormatTime(end)),
            };
            parameters.AddRange(feed.Parameters);

            var url = _views.BuildUrl(feed.RecType, parameters);
            var page = await _views.QueryAsync(feed.Name, feed.ViewId!, url, start, end, body => SharePageParser.Parse(1, body), parsed => parsed.Records.Count, cancellationToken).ConfigureAwait(false);
            counts.Pages++;
            counts.Fetched += page.Records.Count;
            if (page.Records.Count >= ViewRecordLimit)
            {
                counts.PaginationWarning = $"the View returned {page.Records.Count} records for one window, the most a View runs over; set a shorter window for feed {feed.Name}";
                Log.ViewLimitReached(_logger, feed.Name, page.Records.Count);
            }

            await ForwardAsync(sending, feed, page, normalizer, counts, cancellationToken).ConfigureAwait(false);
        }

        await sending.FlushOrderedAsync(cancellationToken).ConfigureAwait(false);
        if (_store.CountOutbox(feed.Name) == 0)
        {
            _store.SetWatermark(feed.Name, to);
            counts.Watermark = to;
        }

        sending.ThrowIfAnyFailed();
    }

    private async Task ForwardAsync(FeedSender sending, FeedOptions feed, SharePage page, ShareRecordNormalizer normalizer, FeedCounts counts, CancellationToken cancellationToken)
    {
        var events = new List<OutboxEvent>();
        var rejected = new List<RejectedRecord>();
        foreach (var record in page.Records)
        {
            if (normalizer.Normalize(record, out var rejection) is { } item)
            {
                events.Add(item);
            }
            else
            {
                rejected.Add(rejection!);
            }
        }

        var fresh = sending.SelectFresh(events, out var duplicates);
        counts.Duplicates += duplicates;
        counts.Rejected += rejected.Count;

        var stored = _store.Enqueue(fresh, rejected);
        Log.PageCommitted(_logger, feed.Name, counts.Pages, page.Records.Count, events.Count - duplicates, duplicates, rejected.Count);
        await sending.SendAsync(stored, cancellationToken).ConfigureAwait(false);
    }
}
