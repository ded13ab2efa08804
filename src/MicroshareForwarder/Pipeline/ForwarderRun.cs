using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// One run over the configured feeds: take the state directory's lock, open the store,
/// run each feed, then write <c>state.json</c> and the run history. Every failure ends in
/// the report's exit code; nothing here lets an exception escape as a crash.
/// </summary>
internal sealed class ForwarderRun
{
    private readonly ForwarderOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ForwarderRun(ForwarderOptions options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _options = options;
        _httpClientFactory = httpClientFactory;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ForwarderRun>();
    }

    /// <summary>The instruments that feed counts, send latency and run duration go to; null records nothing.</summary>
    public Diagnostics.ForwarderMetrics? Metrics { get; init; }

    /// <summary>The crash-test hook handed to the feed runners; <see cref="PhasePause.None"/> outside crash tests.</summary>
    public PhasePause Pause { get; init; } = PhasePause.None;

    /// <summary>Runs every feed, or only <paramref name="feedFilter"/> when given.</summary>
    public async Task<RunReport> RunAsync(string? feedFilter, CancellationToken cancellationToken = default)
    {
        var feeds = _options.Feeds.Where(feed => feedFilter is null || feed.Name == feedFilter).ToList();
        var report = new RunReport
        {
            RunId = Guid.CreateVersion7().ToString("N"),
            StartedAt = _timeProvider.GetUtcNow(),
            Feeds = feeds.Select(feed => new FeedCounts { Feed = feed.Name }).ToList(),
        };
        Log.RunStarted(_logger, report.RunId, feeds.Count);

        if (feeds.Count == 0)
        {
            var known = string.Join(", ", _options.Feeds.Select(feed => feed.Name));
            return Finish(report, ExitCodes.Configuration, $"No feed is named '{feedFilter}'; the configured feeds are: {known}.");
        }

        try
        {
            StateDirectory.Prepare(_options.State.Directory);
            using var instanceLock = InstanceLock.Acquire(_options.State.Directory);
            using var store = ForwarderStore.Open(_options.State.Directory, _timeProvider);
            store.RecordRunStarted(report.RunId, report.StartedAt);

            var pruned = store.PruneDelivered(_options.State.DeliveredRetention);
            Log.DeliveredPruned(_logger, pruned, _options.State.DeliveredRetention.TotalDays);
            store.PruneHistory(_options.State.DeliveredRetention);

            await RunFeedsAsync(feeds, report, store, cancellationToken).ConfigureAwait(false);

            report.OutboxDepth = store.CountOutbox();
            Finish(report, report.ExitCode, report.Error);
            store.RecordRunEnded(report.RunId, report.EndedAt, report.ExitCode, RunSummaryJson.Serialize(report));
            Pause.Reach(PhasePause.StateFileWriting);
            await StateFileWriter.WriteAsync(_options.State.Directory, report, store, CancellationToken.None).ConfigureAwait(false);
            return report;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Finish(report, FailureClassifier.Classify(exception), FailureClassifier.Describe(exception));
        }
    }

    private async Task RunFeedsAsync(IReadOnlyList<FeedOptions> feeds, RunReport report, ForwarderStore store, CancellationToken cancellationToken)
    {
        var publishers = new List<EventHubPublisher>();
        try
        {
            foreach (var eventHub in _options.EventHubs)
            {
                publishers.Add(CreatePublisher(eventHub));
            }

            await RunEachFeedAsync(feeds, report, store, publishers, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private EventHubPublisher CreatePublisher(EventHubOptions eventHub)
    {
        var logger = _loggerFactory.CreateLogger<EventHubPublisher>();
        var destination = EventHubClientFactory.DescribeDestination(eventHub);
        if (eventHub.Auth == EventHubAuthMode.ConnectionString)
        {
            EventHubs.Log.ConnectionStringInUse(logger, destination.Key);
        }

        return new EventHubPublisher(EventHubClientFactory.CreateProducer(eventHub), destination, eventHub, logger);
    }

    private async Task RunEachFeedAsync(IReadOnlyList<FeedOptions> feeds, RunReport report, ForwarderStore store, IReadOnlyList<EventHubPublisher> publishers, CancellationToken cancellationToken)
    {
        var tokens = new MicroshareTokenProvider(
            CreateSignIn(),
            new TokenCache(_options.State.Directory, _options.Microshare, _loggerFactory.CreateLogger<TokenCache>()),
            _options.Microshare,
            _timeProvider,
            _loggerFactory.CreateLogger<MicroshareTokenProvider>());
        var api = new MicroshareApiClient(_httpClientFactory, tokens, _loggerFactory.CreateLogger<MicroshareApiClient>());
        var sender = new OutboxSender(store, publishers, _loggerFactory.CreateLogger<OutboxSender>()) { Metrics = Metrics, Pause = Pause };
        var apiUrl = _options.Microshare.ApiUrl;
        var views = new ViewClient(api, apiUrl, _loggerFactory.CreateLogger<ViewClient>());
        var shareRunner = new ShareFeedRunner(new ShareClient(api, _options.Microshare, _loggerFactory.CreateLogger<ShareClient>()), store, sender, _options, _timeProvider, _loggerFactory.CreateLogger<ShareFeedRunner>()) { Pause = Pause };
        var dashboardRunner = new DashboardFeedRunner(views, new DeviceClusterClient(api, apiUrl, _loggerFactory.CreateLogger<DeviceClusterClient>()), store, sender, apiUrl, _timeProvider, _loggerFactory.CreateLogger<DashboardFeedRunner>());
        var viewRunner = new ViewFeedRunner(views, store, sender, apiUrl, _timeProvider, _loggerFactory.CreateLogger<ViewFeedRunner>());

        for (var index = 0; index < feeds.Count; index++)
        {
            var feed = feeds[index];
            var counts = report.Feeds[index];
            try
            {
                var running = feed.Kind switch
                {
                    FeedKind.Dashboard => dashboardRunner.RunAsync(feed, counts, cancellationToken),
                    FeedKind.View => viewRunner.RunAsync(feed, counts, cancellationToken),
                    _ => shareRunner.RunAsync(feed, counts, cancellationToken),
                };
                await running.ConfigureAwait(false);
                Log.FeedSummary(_logger, feed.Name, counts.Fetched, counts.Pages, counts.Forwarded, counts.Duplicates, counts.Rejected, counts.Quarantined);
                Metrics?.RecordFeed(counts);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                counts.ExitCode = FailureClassifier.Classify(exception);
                counts.Error = FailureClassifier.Describe(exception);
                Log.FeedFailed(_logger, feed.Name, counts.ExitCode, counts.Error);
                report.ExitCode = ExitCodes.Worst(report.ExitCode, counts.ExitCode);
                report.Error ??= counts.Error;
                Metrics?.RecordFeed(counts);

                // Credentials, permissions and settings are shared by every feed, so the next feed would fail the same way,
                // unless the failure comes from this feed's own View or device cluster.
                var isFeedOnly = exception is MicroshareRequestException { AffectsOnlyFeed: true };
                if ((counts.ExitCode is ExitCodes.NoPermission or ExitCodes.Configuration && !isFeedOnly) || cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    private IMicroshareSignIn CreateSignIn()
    {
        return _options.Microshare.AuthMethod == MicroshareAuthMethod.WebLogin
            ? new WebLoginSignIn(_httpClientFactory, _options.Microshare)
            : new OAuth2PasswordSignIn(_httpClientFactory, _options.Microshare, _timeProvider);
    }

    private RunReport Finish(RunReport report, int exitCode, string? error)
    {
        report.ExitCode = exitCode;
        report.Error = error;
        report.EndedAt = _timeProvider.GetUtcNow();
        if (error is not null && exitCode != ExitCodes.Success && report.Feeds.All(feed => feed.Error is null))
        {
            Log.RunFailed(_logger, report.RunId, exitCode, error);
        }

        Log.RunEnded(_logger, report.RunId, exitCode, (long)(report.EndedAt - report.StartedAt).TotalMilliseconds);
        Metrics?.RecordRun(report);
        return report;
    }
}
