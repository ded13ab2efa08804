using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>Log messages of the commands: cycles of the service loop, metrics exports and backfill interruptions.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Metrics export failed; the run's result is unchanged: {Reason}")]
    public static partial void MetricsExportFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Service loop started: a run every {IntervalSeconds} s plus up to {JitterSeconds} s of random delay")]
    public static partial void ServiceLoopStarted(ILogger logger, double intervalSeconds, double jitterSeconds);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Cycle {Cycle} ended with exit code {ExitCode}; the next starts in {DelaySeconds} s")]
    public static partial void CycleEnded(ILogger logger, int cycle, int exitCode, double delaySeconds);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Cycle {Cycle} ended with exit code {ExitCode}, which needs an operator; the service loop stops")]
    public static partial void ServiceLoopStopping(ILogger logger, int cycle, int exitCode);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Service loop stopped by a signal after {Cycles} cycles")]
    public static partial void ServiceLoopStopped(ILogger logger, int cycles);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Backfill of feed {Feed} was interrupted after {WindowsCompleted} of {WindowsTotal} day windows; run the same command again to resume")]
    public static partial void BackfillInterrupted(ILogger logger, string feed, int windowsCompleted, int windowsTotal);
}
