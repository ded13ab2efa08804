using System.CommandLine;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder run</c>: one cycle over the configured feeds, then exit with a
/// sysexits code. This is what the systemd timer starts.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var feed = new Option<string?>("--feed")
        {
            Description = "Run only the feed with this name. Default: every configured feed.",
            HelpName = "NAME",
        };

        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Fetch and validate, then print what would be sent: counts, sizes and event ids. Sends nothing, writes nothing to the store and does not connect to Event Hubs.",
        };
        var showPayload = new Option<bool>("--show-payload")
        {
            Description = "With --dry-run, also print each event's body. Bodies can contain location names, so they are left out unless this is given.",
        };

        var command = new Command("run", "Forward new Microshare records to Event Hubs once, then exit. Exit codes: 0 success, 75 temporary failure (the next run retries), 77 credentials or permissions rejected, 78 invalid configuration.");
        common.AddTo(command);
        command.Options.Add(feed);
        command.Options.Add(dryRun);
        command.Options.Add(showPayload);
        command.Validators.Add(result =>
        {
            if (result.GetValue(showPayload) && !result.GetValue(dryRun))
            {
                result.AddError("--show-payload is valid only with --dry-run.");
            }
        });
        command.SetAction((parseResult, actionToken) => CliActions.RunLinkedAsync(context, actionToken, cancellationToken => parseResult.GetValue(dryRun)
            ? DryRunCommand.ExecuteAsync(
                context,
                parseResult.GetValue(common.EnvFile),
                parseResult.GetValue(feed),
                parseResult.GetValue(showPayload),
                common.GetOutput(parseResult),
                common.GetLogFormat(parseResult),
                common.GetLogLevel(parseResult),
                cancellationToken)
            : ExecuteAsync(
                context,
                parseResult.GetValue(common.EnvFile),
                parseResult.GetValue(feed),
                common.GetOutput(parseResult),
                common.GetLogFormat(parseResult),
                common.GetLogLevel(parseResult),
                cancellationToken)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, string? feed, OutputFormat output, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var options = await TryLoadOptionsAsync(context, envFile, output).ConfigureAwait(false);
        if (options is null)
        {
            return ExitCodes.Configuration;
        }

        PhasePause pause;
        try
        {
            pause = PhasePause.FromEnvironment(context.Environment, context.Error, Console.In);
        }
        catch (ConfigurationException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }

        using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);
        using var metrics = new Diagnostics.MetricsExport(options.Metrics);
        var report = await ForwarderCycle.RunAsync(options, host, metrics, feed, pause, cancellationToken).ConfigureAwait(false);
        await RunReportPrinter.PrintAsync(context.Out, report, output).ConfigureAwait(false);
        if (report.Error is { } error && output == OutputFormat.Text)
        {
            await context.Error.WriteLineAsync(error).ConfigureAwait(false);
        }

        return report.ExitCode;
    }

    /// <summary>
    /// Reads the configuration, or prints every problem (and, for JSON output, a JSON line
    /// with exit code 78) and returns null.
    /// </summary>
    public static async Task<ForwarderOptions?> TryLoadOptionsAsync(CliContext context, string? envFile, OutputFormat output)
    {
        try
        {
            return LoadOptions(context, envFile);
        }
        catch (ConfigurationException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            if (output == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(ConfigurationFailureJson(exception)).ConfigureAwait(false);
            }

            return null;
        }
    }

    /// <summary>Reads and validates the configuration the way every command does.</summary>
    public static ForwarderOptions LoadOptions(CliContext context, string? envFile)
    {
        var path = ConfigurationLoader.ResolveEnvFile(envFile, context.Environment);
        var configuration = ConfigurationLoader.Load(path, context.Environment);
        return ForwarderOptionsReader.Read(configuration);
    }

    private static string ConfigurationFailureJson(ConfigurationException exception)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("exitCode", ExitCodes.Configuration);
            writer.WriteString("error", exception.Message);
            writer.WriteStartArray("problems");
            foreach (var problem in exception.Problems)
            {
                writer.WriteStringValue(problem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
