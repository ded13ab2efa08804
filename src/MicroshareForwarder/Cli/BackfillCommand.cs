using System.CommandLine;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder backfill --feed NAME --from T --to T [--resend]</c>: forwards the
/// records of a past range that were never delivered, in day-sized windows whose progress is
/// saved in the store, so an interrupted backfill resumes where it stopped.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var feed = new Option<string>("--feed")
        {
            Description = "The feed to backfill.",
            HelpName = "NAME",
            Required = true,
        };
        var from = new Option<string>("--from")
        {
            Description = "Start of the range, included: an ISO 8601 date or time (UTC unless an offset is given), or a duration before now such as 7d.",
            HelpName = "TIME",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "End of the range, included, in the same forms as --from. Default: now.",
            HelpName = "TIME",
        };
        var resend = new Option<bool>("--resend")
        {
            Description = "Send records again even when they were delivered, with their original ids, so consumers can deduplicate. Each record is still sent once per backfill.",
        };

        var command = new Command("backfill", "Forward a past range of records that were never delivered, in day-sized windows. Interrupt with Ctrl+C and run the same command again to resume. Exit codes as for run.");
        command.Options.Add(common.EnvFile);
        command.Options.Add(common.Output);
        command.Options.Add(common.LogFormatOption);
        command.Options.Add(common.Verbose);
        command.Options.Add(feed);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(resend);
        command.SetAction((parseResult, actionToken) => CliActions.RunLinkedAsync(context, actionToken, cancellationToken => ExecuteAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            parseResult.GetValue(feed)!,
            parseResult.GetValue(from)!,
            parseResult.GetValue(to),
            parseResult.GetValue(resend),
            common.GetOutput(parseResult),
            common.GetLogFormat(parseResult),
            common.GetLogLevel(parseResult),
            cancellationToken)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, string feedName, string fromText, string? toText, bool resend, OutputFormat output, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var loaded = await RunCommand.TryLoadOptionsAsync(context, envFile, output, cancellationToken).ConfigureAwait(false);
        if (loaded.Options is not { } options)
        {
            return loaded.ExitCode;
        }

        var now = context.TimeProvider.GetUtcNow();
        var problems = new List<string>();
        if (!TimeArgument.TryParse(fromText, now, out var from))
        {
            problems.Add($"--from '{fromText}' is not a time: use an ISO 8601 date or time such as 2025-03-01 or 2025-03-01T06:00:00Z, or a duration before now such as 7d.");
        }

        var to = now;
        if (toText is not null && !TimeArgument.TryParse(toText, now, out to))
        {
            problems.Add($"--to '{toText}' is not a time: use the forms that --from accepts.");
        }

        var feed = options.Feeds.FirstOrDefault(item => item.Name == feedName);
        if (feed is null)
        {
            problems.Add($"No feed is named '{feedName}'; the configured feeds are: {string.Join(", ", options.Feeds.Select(item => item.Name))}.");
        }

        if (feed is not null && feed.Kind != FeedKind.Share)
        {
            problems.Add($"Feed '{feed.Name}' is a {feed.Kind.ToString().ToLowerInvariant()} feed, and backfill reads share feeds only: for a dashboard or View feed, raise FORWARDER_INITIAL_LOOKBACK and run it with a new state directory.");
        }

        if (problems.Count == 0 && from >= to)
        {
            problems.Add($"--from {from:o} must be before --to {to:o}.");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            return ExitCodes.Configuration;
        }

        using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);

        // Each destination hub has its own job and progress, so an interrupted backfill resumes
        // per hub. The walk is repeated for each hub.
        var exitCode = ExitCodes.Success;
        var results = new List<(string Destination, BackfillReport Report)>();
        foreach (var eventHub in options.EventHubs)
        {
            var report = new BackfillReport { Feed = feed!.Name, Request = new BackfillRequest(from, to, resend) };
            var progress = new BackfillProgressPrinter(context.Error, context.IsErrorTerminal, context.TimeProvider);
            var destinationExitCode = await RunAsync(options, eventHub, host.Services, feed, report, progress, cancellationToken).ConfigureAwait(false);
            progress.Finish();

            results.Add((EventHubClientFactory.DescribeDestination(eventHub).Key, report));
            var target = options.EventHubs.Count > 1 ? $" to {EventHubClientFactory.DescribeDestination(eventHub).Key}" : string.Empty;
            await (output == OutputFormat.Json ? context.Error : context.Out).WriteLineAsync(
                $"Backfill of {report.Feed}{target} {(report.Finished ? "finished" : "stopped")}: {report.WindowsCompleted} of {report.WindowsTotal} day windows done, fetched {report.Fetched} in {report.Pages} pages, "
                + $"forwarded {report.Forwarded}, duplicates {report.Duplicates}, skipped {report.Skipped}, rejected {report.Rejected}, quarantined {report.Quarantined}.").ConfigureAwait(false);

            exitCode = ExitCodes.Worst(exitCode, destinationExitCode);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        if (output == OutputFormat.Json)
        {
            await context.Out.WriteLineAsync(SummaryJson(feed!.Name, exitCode, results)).ConfigureAwait(false);
        }

        await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>Writes the one-line JSON summary of <c>--output json</c>: the exit code and each destination's counts.</summary>
    private static string SummaryJson(string feed, int exitCode, List<(string Destination, BackfillReport Report)> results)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("feed", feed);
            writer.WriteNumber("exitCode", exitCode);
            writer.WriteStartArray("destinations");
            foreach (var (destination, report) in results)
            {
                writer.WriteStartObject();
                writer.WriteString("destination", destination);
                writer.WriteBoolean("finished", report.Finished);
                writer.WriteNumber("windowsCompleted", report.WindowsCompleted);
                writer.WriteNumber("windowsTotal", report.WindowsTotal);
                writer.WriteNumber("fetched", report.Fetched);
                writer.WriteNumber("pages", report.Pages);
                writer.WriteNumber("forwarded", report.Forwarded);
                writer.WriteNumber("duplicates", report.Duplicates);
                writer.WriteNumber("skipped", report.Skipped);
                writer.WriteNumber("rejected", report.Rejected);
                writer.WriteNumber("quarantined", report.Quarantined);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<int> RunAsync(ForwarderOptions options, EventHubOptions eventHub, IServiceProvider services, FeedOptions feed, BackfillReport report, BackfillProgressPrinter progress, CancellationToken cancellationToken)
    {
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger(typeof(BackfillCommand));
        var timeProvider = services.GetRequiredService<TimeProvider>();
        try
        {
            StateDirectory.Prepare(options.State.Directory);
            using var instanceLock = InstanceLock.Acquire(options.State.Directory);
            using var store = ForwarderStore.Open(options.State.Directory, timeProvider);

            var destination = EventHubClientFactory.DescribeDestination(eventHub);
            await using var publisher = new EventHubPublisher(
                EventHubClientFactory.CreateProducer(eventHub),
                destination,
                eventHub,
                loggerFactory.CreateLogger<EventHubPublisher>());
            var client = ShareClientFactory.Create(options, services.GetRequiredService<IHttpClientFactory>(), loggerFactory, timeProvider, options.State.Directory);
            var runner = new BackfillRunner(client, store, publisher, options, timeProvider, loggerFactory.CreateLogger<BackfillRunner>());

            await runner.RunAsync(feed, report.Request, report, progress, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var exitCode = FailureClassifier.Classify(exception);
            if (exception is OperationCanceledException)
            {
                Log.BackfillInterrupted(logger, feed.Name, report.WindowsCompleted, report.WindowsTotal);
            }
            else
            {
                Pipeline.Log.FeedFailed(logger, feed.Name, exitCode, FailureClassifier.Describe(exception));
            }

            return exitCode;
        }
    }
}
