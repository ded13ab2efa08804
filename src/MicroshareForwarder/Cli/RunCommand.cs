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

        var command = new Command("run", "Forward new Microshare records to Event Hubs once, then exit. Exit codes: 0 success, 1 invalid command line, 70 internal error, 74 damaged state store, 75 temporary failure (the next run retries), 77 credentials or permissions rejected, 78 invalid configuration.");
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
        var loaded = await TryLoadOptionsAsync(context, envFile, output, cancellationToken).ConfigureAwait(false);
        if (loaded.Options is not { } options)
        {
            return loaded.ExitCode;
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
    /// Reads the configuration. On failure it prints every problem (for JSON output also a JSON
    /// line) and returns no options with the exit code: 78 for invalid settings, or from Key
    /// Vault 77 (access rejected), 78 (wrong vault or CA) or 75 (unreachable).
    /// </summary>
    public static async Task<(ForwarderOptions? Options, int ExitCode)> TryLoadOptionsAsync(CliContext context, string? envFile, OutputFormat output, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await LoadOptionsAsync(context, envFile, cancellationToken).ConfigureAwait(false), ExitCodes.Success);
        }
        catch (KeyVault.KeyVaultReadException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return (null, exception.ExitCode);
        }
        catch (ConfigurationException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            if (output == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(ConfigurationFailureJson(exception)).ConfigureAwait(false);
            }

            return (null, ExitCodes.Configuration);
        }
    }

    /// <summary>
    /// Reads the configuration, replaces settings with Key Vault secrets when <c>KEYVAULT_URI</c>
    /// is set, and validates the result, the way every command does.
    /// </summary>
    public static async Task<ForwarderOptions> LoadOptionsAsync(CliContext context, string? envFile, CancellationToken cancellationToken = default)
    {
        var path = ConfigurationLoader.ResolveEnvFile(envFile, context.Environment);
        var fileProblems = new List<string>();
        var configuration = ConfigurationLoader.Load(path, context.Environment, fileProblems);
        if (fileProblems.Count == 0)
        {
            configuration = await KeyVault.KeyVaultSecretLoader.ApplyAsync(configuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var warning in UnknownSettingDetector.FindUnknown(configuration))
        {
            await context.Error.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }

        try
        {
            var options = ForwarderOptionsReader.Read(configuration);
            if (fileProblems.Count > 0)
            {
                throw new ConfigurationException(fileProblems);
            }

            return options;
        }
        catch (ConfigurationException exception) when (exception.Problems != fileProblems)
        {
            var problems = new List<string>(fileProblems);
            if (path is null)
            {
                problems.Add("No .env file was found (no --env-file, no $CREDENTIALS_DIRECTORY/env, no FORWARDER_ENV_FILE, no ./.env), so only environment variables were read.");
            }

            problems.AddRange(exception.Problems);
            throw new ConfigurationException(problems);
        }
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
