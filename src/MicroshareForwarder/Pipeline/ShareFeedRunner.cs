using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Runs one share feed: sends what an earlier run left in the outbox, then walks
/// <c>/share/{recType}</c> newest first. Each page's new events are committed to the
/// outbox in one transaction, one row per destination hub, before any of them is sent,
/// and leave it only when that hub acknowledged them. The watermark moves only after a
/// complete walk with an empty outbox, so a crash at any point loses nothing.
/// </summary>
internal sealed class ShareFeedRunner
{
    private readonly ShareClient _client;
    private readonly ForwarderStore _store;
    private readonly OutboxSender _sender;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ShareFeedRunner(ShareClient client, ForwarderStore store, OutboxSender sender, ForwarderOptions options, TimeProvider timeProvider, ILogger<ShareFeedRunner> logger)
    {
        _client = client;
        _store = store;
        _sender = sender;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The crash-test hook; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    public async Task RunAsync(FeedOptions feed, FeedCounts counts, CancellationToken cancellationToken = default)
    {
        var destination = _sender.Destination;
        var sending = _sender.Begin(feed, counts);
        await sending.DrainAsync(cancellationToken).ConfigureAwait(false);

        var watermark = _store.GetWatermark(feed.Name);
        counts.Watermark = watermark;
        var stopBefore = watermark - feed.Overlap;
        var newest = watermark;
        var normalizer = new ShareRecordNormalizer(feed, _options.Microshare.ApiUrl, destination, _timeProvider);
        var reachedEnd = false;

        using var prefetchCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SharePage>? nextPage = null;
        for (var pageNumber = 1; pageNumber <= _options.Microshare.MaxPagesPerRun; pageNumber++)
        {
            var page = await (nextPage ?? _client.GetPageAsync(feed.Name, feed.RecType, pageNumber, cancellationToken)).ConfigureAwait(false);
            nextPage = null;
            Pause.Reach(PhasePause.PageFetched);
            counts.Pages++;
            counts.Fetched += page.Records.Count;

            var (events, rejected, oldestOnPage, newestOnPage) = Normalize(page, normalizer);
            var fresh = sending.SelectFresh(events, out var duplicates);
            counts.Duplicates += duplicates;
            counts.Rejected += rejected.Count;

            var stored = _store.Enqueue(fresh, rejected);
            Log.PageCommitted(_logger, feed.Name, pageNumber, page.Records.Count, events.Count - duplicates, duplicates, rejected.Count);
            if (stored.Count > 0)
            {
                Pause.Reach(PhasePause.OutboxCommitted);
            }

            var isLastPage = (stopBefore is { } floor && oldestOnPage is { } oldest && oldest < floor)
                || IsLastPage(page, _options.Microshare.PageSize);

            // The next page is fetched while this one is sent. It is only read here: its events
            // reach the outbox, and then Event Hubs, in the next iteration, as before.
            if (!isLastPage && pageNumber < _options.Microshare.MaxPagesPerRun)
            {
                nextPage = _client.GetPageAsync(feed.Name, feed.RecType, pageNumber + 1, prefetchCancellation.Token);
            }

            try
            {
                await sending.SendAsync(stored, cancellationToken).ConfigureAwait(false);
            }
            catch when (nextPage is not null)
            {
                await prefetchCancellation.CancelAsync().ConfigureAwait(false);
                await ObserveAsync(nextPage).ConfigureAwait(false);
                throw;
            }

            if (newestOnPage > newest || newest is null)
            {
                newest = newestOnPage ?? newest;
            }

            if (isLastPage)
            {
                reachedEnd = true;
                break;
            }
        }

        await sending.FlushOrderedAsync(cancellationToken).ConfigureAwait(false);

        if (!reachedEnd)
        {
            counts.PaginationWarning = $"stopped at the cap of {_options.Microshare.MaxPagesPerRun} pages before reaching the watermark; raise MICROSHARE_MAX_PAGES_PER_RUN or run again";
            Log.PageCapReached(_logger, feed.Name, _options.Microshare.MaxPagesPerRun);
        }

        if (reachedEnd && newest is { } newWatermark && _store.CountOutbox(feed.Name) == 0)
        {
            _store.SetWatermark(feed.Name, newWatermark);
            counts.Watermark = newWatermark;
        }

        sending.ThrowIfAnyFailed();
    }

    /// <summary>
    /// Tells whether <paramref name="page"/> is the last one. A short or empty page ends the
    /// walk only when no page follows according to <c>meta.totalPages</c>, because pages can come
    /// back short while later ones still contain visible records. Without <c>meta</c>, a short page ends it.
    /// </summary>
    internal static bool IsLastPage(SharePage page, int pageSize)
    {
        var isShort = page.Records.Count < pageSize;
        if (!isShort)
        {
            return false;
        }

        return page.Meta?.TotalPages is not { } totalPages || page.Number >= totalPages;
    }

    /// <summary>Waits for a cancelled fetch whose page is no longer needed, so its failure is not left unobserved.</summary>
    private static async Task ObserveAsync(Task<SharePage> fetch)
    {
        try
        {
            await fetch.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The send failure that made this page unnecessary is the one the run reports.
        }
    }

    private static (List<OutboxEvent> Events, List<RejectedRecord> Rejected, DateTimeOffset? Oldest, DateTimeOffset? Newest) Normalize(SharePage page, ShareRecordNormalizer normalizer)
    {
        var events = new List<OutboxEvent>(page.Records.Count);
        var rejected = new List<RejectedRecord>();
        DateTimeOffset? oldest = null;
        DateTimeOffset? newest = null;

        foreach (var record in page.Records)
        {
            var item = normalizer.Normalize(record, out var rejection);
            if (item is null)
            {
                rejected.Add(rejection!);
                continue;
            }

            events.Add(item);
            oldest = oldest is null || item.Time < oldest ? item.Time : oldest;
            newest = newest is null || item.Time > newest ? item.Time : newest;
        }

        return (events, rejected, oldest, newest);
    }
}
