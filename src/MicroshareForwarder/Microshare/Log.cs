using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>Log messages of the Microshare client. They carry counts, statuses and times, never tokens or record content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Signed in to Microshare with {AuthMethod}; the token expires at {ExpiresAt:O}")]
    public static partial void SignedIn(ILogger logger, MicroshareAuthMethod authMethod, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Reusing the cached Microshare token, which expires at {ExpiresAt:O}")]
    public static partial void TokenReusedFromCache(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Discarded the Microshare token cache because {Reason}; signing in again")]
    public static partial void TokenCacheDiscarded(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "The cached Microshare token belongs to other settings (user, password, key, identity or URL changed); signing in again")]
    public static partial void TokenCacheNotForTheseSettings(ILogger logger);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Microshare answered 401 to {Purpose}; signing in again and repeating the request once")]
    public static partial void TokenRejectedMidWalk(ILogger logger, string purpose);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Feed {Feed} page {Page}: {RecordCount} records in {ElapsedMilliseconds} ms ({ByteCount} bytes)")]
    public static partial void PageFetched(ILogger logger, string feed, int page, int recordCount, long elapsedMilliseconds, int byteCount);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Feed {Feed} page {Page} could not be parsed ({Reason}); fetching it again (attempt {Attempt})")]
    public static partial void PageUnreadable(ILogger logger, string feed, int page, string reason, int attempt);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Feed {Feed}: View query for {WindowStart:O} to {WindowEnd:O} returned {ObjectCount} objects in {ElapsedMilliseconds} ms")]
    public static partial void ViewFetched(ILogger logger, string feed, DateTimeOffset windowStart, DateTimeOffset windowEnd, int objectCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Feed {Feed}: the device cluster lists {LocationCount} locations, {SkippedCount} devices skipped by the identity filter")]
    public static partial void DeviceClusterRead(ILogger logger, string feed, int locationCount, int skippedCount);
}
