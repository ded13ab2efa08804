using System.CommandLine;
using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder serve</c>: runs a cycle every interval, plus a random delay of up
/// to the jitter, for hosts without systemd timers (containers). Each cycle logs its exit
/// code with the meaning it has for <c>run</c>. SIGTERM or SIGINT during a cycle lets it
/// finish the batch in flight, and the rest stays in the outbox. During the wait it ends
/// the loop at once. The loop exits 0 when stopped by a signal, and with the cycle's code when
/// a cycle ends with 74 (store damaged) or 78 (invalid configuration), which no retry fixes.
/// </summary>
internal static class ServiceLoopCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var interval = new Option<string>("--interval")
        {
            Description = "Time from the end of one cycle to the start of the next, as a duration such as 15m or 1h. Default: 1h.",
            DefaultValueFactory = _ => "1h",
            HelpName = "DURATION",
        };
        var jitter = new Option<string>("--jitter")
        {
            Description = "Largest random delay added to each interval, so several instances do not call Microshare at the same moment. Default: 5m.",
            DefaultValueFactory = _ => "5m",
            HelpName = "DURATION",
        };
        var feed = new Option<string?>("--feed")
        {
            Description = "Run only the feed with this name. Default: every configured feed.",
            HelpName = "NAME",
        };
        foreach (var option in new[] { interval, jitter })
        {
            option.Validators.Add(result =>
            {
                if (!DurationParser.TryParse(result.GetValueOrDefault<string>() ?? string.Empty, out _))
                {
                    result.AddError($"{option.Name} must be a duration such as 90s, 15m or 1h.");
                }
            });
        }

        var command = new Command("serve", "Run the forwarder every --interval until SIGTERM or SIGINT, for hosts without systemd timers. A stop signal lets the running cycle finish its batch in flight. Exits 0 when stopped, 74 or 78 when a cycle needs an operator.");
        command.Options.Add(common.EnvFile);
        command.Options.Add(common.LogFormatOption);
        command.Options.Add(common.Verbose);
        command.Options.Add(interval);
        command.Options.Add(jitter);
        command.Options.Add(feed);
        command.SetAction((parseResult, actionToken) => CliActions.RunLinkedAsync(context, actionToken, cancellationToken =>
        {
            DurationParser.TryParse(parseResult.GetValue(interval)!, out var intervalValue);
            DurationParser.TryParse(parseResult.GetValue(jitter)!, out var jitterValue);
            return ExecuteAsync(
                context,
                parseResult.GetValue(common.EnvFile),
                parseResult.GetValue(feed),
                new ServiceLoopSchedule(intervalValue, jitterValue),
                common.GetLogFormat(parseResult),
                common.GetLogLevel(parseResult),
                cancellationToken);
        }));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, string? feed, ServiceLoopSchedule schedule, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var loaded = await RunCommand.TryLoadOptionsAsync(context, envFile, OutputFormat.Text, cancellationToken).ConfigureAwait(false);
        if (loaded.Options is not { } options)
        {
            return loaded.ExitCode;
        }

        using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);
        using var metrics = new Diagnostics.MetricsExport(options.Metrics);
        var logger = (host.Services.GetService(typeof(ILoggerFactory)) as ILoggerFactory)!.CreateLogger(typeof(ServiceLoopCommand));
        var loggerProviders = (host.Services.GetService(typeof(IEnumerable<ILoggerProvider>)) as IEnumerable<ILoggerProvider>) ?? [];
        Log.ServiceLoopStarted(logger, schedule.Interval.TotalSeconds, schedule.Jitter.TotalSeconds);

        var cycle = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            cycle++;
            var report = await ForwarderCycle.RunAsync(options, host, metrics, feed, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var provider in loggerProviders.OfType<Diagnostics.TextWriterLoggerProvider>())
            {
                provider.FlushRepeatedWarnings();
            }

            if (report.ExitCode is ExitCodes.StoreDamaged or ExitCodes.Configuration)
            {
                Log.ServiceLoopStopping(logger, cycle, report.ExitCode);
                return report.ExitCode;
            }

            var delay = schedule.NextDelay(Random.Shared);
            Log.CycleEnded(logger, cycle, report.ExitCode, Math.Round(delay.TotalSeconds));
            try
            {
                await Task.Delay(delay, context.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Log.ServiceLoopStopped(logger, cycle);
        return ExitCodes.Success;
    }
}
