using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>Log messages of the forwarding pipeline: counts and ids of runs, feeds and pages only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Feed {Feed} page {Page}: {RecordCount} records, {NewCount} new committed to the outbox, {DuplicateCount} duplicates, {RejectedCount} rejected")]
    public static partial void PageCommitted(ILogger logger, string feed, int page, int recordCount, int newCount, int duplicateCount, int rejectedCount);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Feed {Feed} stopped at the cap of {MaxPages} pages before reaching its watermark; the watermark did not move and the next run reads again from the newest record")]
    public static partial void PageCapReached(ILogger logger, string feed, int maxPages);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Feed {Feed}: sent {EventCount} events left in the outbox by an earlier run")]
    public static partial void OutboxDrained(ILogger logger, string feed, long eventCount);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Run {RunId} started; feeds to run: {FeedCount}")]
    public static partial void RunStarted(ILogger logger, string runId, int feedCount);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Feed {Feed}: fetched {Fetched} in {Pages} pages, forwarded {Forwarded}, duplicates {Duplicates}, rejected {Rejected}, quarantined {Quarantined}")]
    public static partial void FeedSummary(ILogger logger, string feed, long fetched, int pages, long forwarded, long duplicates, long rejected, long quarantined);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Feed {Feed} failed with exit code {ExitCode}: {Reason}")]
    public static partial void FeedFailed(ILogger logger, string feed, int exitCode, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Run {RunId} ended with exit code {ExitCode} after {DurationMilliseconds} ms")]
    public static partial void RunEnded(ILogger logger, string runId, int exitCode, long durationMilliseconds);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Removed {Count} delivered ids older than the retention of {RetentionDays} days")]
    public static partial void DeliveredPruned(ILogger logger, int count, double retentionDays);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Run {RunId} failed with exit code {ExitCode}: {Reason}")]
    public static partial void RunFailed(ILogger logger, string runId, int exitCode, string reason);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "Feed {Feed}: sends to {Destination} stopped for this run with exit code {ExitCode}; its events stay in the outbox and the other destinations go on")]
    public static partial void DestinationFailed(ILogger logger, string feed, string destination, int exitCode);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Debug, Message = "Feed {Feed}: {EntryCount} dashboard entries, {NewCount} committed to the outbox of which {RevisionCount} revisions, {RejectedCount} rejected")]
    public static partial void DashboardEntriesCommitted(ILogger logger, string feed, int entryCount, int newCount, int revisionCount, int rejectedCount);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Feed {Feed}: the View returned {RecordCount} records for one window, the most a View runs over; records in that window may be missing")]
    public static partial void ViewLimitReached(ILogger logger, string feed, int recordCount);

    [LoggerMessage(EventId = 3120, Level = LogLevel.Information, Message = "Backfill {JobId} of feed {Feed} from {From:o} to {To:o} (resend {Resend}) started with {CompletedWindows} of {TotalWindows} day windows already finished")]
    public static partial void BackfillStarted(ILogger logger, string feed, long jobId, DateTimeOffset from, DateTimeOffset to, bool resend, int completedWindows, int totalWindows);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Debug, Message = "Backfill of feed {Feed} page {Page}: {RecordCount} records, {NewCount} new committed to the outbox")]
    public static partial void BackfillPage(ILogger logger, string feed, int page, int recordCount, int newCount);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Information, Message = "Backfill {JobId} of feed {Feed} finished: forwarded {Forwarded}, duplicates {Duplicates}, {Pages} pages read")]
    public static partial void BackfillFinished(ILogger logger, string feed, long jobId, long forwarded, long duplicates, int pages);
}
