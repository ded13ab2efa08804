using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Log events of the Microshare simulator. Paths are logged without query strings, because those can carry passwords.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "SimulatorStarted", Level = LogLevel.Information,
        Message = "Microshare simulator listening on {BaseUrl} with {RecordCount} records")]
    public static partial void SimulatorStarted(ILogger logger, Uri baseUrl, int recordCount);

    [LoggerMessage(EventId = 2, EventName = "RequestServed", Level = LogLevel.Debug,
        Message = "Served {Method} {Path} with status {StatusCode}")]
    public static partial void RequestServed(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(EventId = 3, EventName = "FaultApplied", Level = LogLevel.Information,
        Message = "Applied fault {FaultKind} to {Method} {Path}")]
    public static partial void FaultApplied(ILogger logger, FaultKind faultKind, string method, string path);

    [LoggerMessage(EventId = 4, EventName = "TokenIssued", Level = LogLevel.Debug,
        Message = "Issued a token through {Flow}, valid until {ExpiresAt:O}")]
    public static partial void TokenIssued(ILogger logger, string flow, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5, EventName = "SignInRejected", Level = LogLevel.Information,
        Message = "Rejected sign-in through {Flow}: {Reason}")]
    public static partial void SignInRejected(ILogger logger, string flow, string reason);

    [LoggerMessage(EventId = 6, EventName = "RecordsInserted", Level = LogLevel.Debug,
        Message = "Inserted {Count} records; the collection now holds {Total}")]
    public static partial void RecordsInserted(ILogger logger, int count, int total);

    [LoggerMessage(EventId = 7, EventName = "TokensExpired", Level = LogLevel.Information,
        Message = "Expired every issued token")]
    public static partial void TokensExpired(ILogger logger);

    [LoggerMessage(EventId = 8, EventName = "SimulatorStopped", Level = LogLevel.Information,
        Message = "Microshare simulator on {BaseUrl} stopped")]
    public static partial void SimulatorStopped(ILogger logger, Uri baseUrl);
}
