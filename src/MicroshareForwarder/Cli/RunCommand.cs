using System.CommandLine;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using Microsoft.Extensions.DependencyInjection;
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

        var command = new Command("run", "Forward new Microshare records to Event Hubs once, then exit. Exit codes: 0 success, 75 temporary failure (the next run retries), 77 credentials or permissions rejected, 78 invalid configuration.");
        common.AddTo(command);
        command.Options.Add(feed);
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            parseResult.GetValue(feed),
            common.GetOutput(parseResult),
            common.GetLogFormat(parseResult),
            common.GetLogLevel(parseResult),
            cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, string? feed, OutputFormat output, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken)
    {
        ForwarderOptions options;
        try
        {
            options = await LoadOptionsAsync(context, envFile, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyVault.KeyVaultReadException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return exception.ExitCode;
        }
        catch (ConfigurationException exception)
        {
            await context.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            if (output == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(ConfigurationFailureJson(exception)).ConfigureAwait(false);
            }

            return ExitCodes.Configuration;
        }

        using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);
        var run = new ForwarderRun(
            options,
            host.Services.GetRequiredService<IHttpClientFactory>(),
            host.Services.GetRequiredService<ILoggerFactory>(),
            host.Services.GetRequiredService<TimeProvider>());

        var report = await run.RunAsync(feed, cancellationToken).ConfigureAwait(false);
        await RunReportPrinter.PrintAsync(context.Out, report, output).ConfigureAwait(false);
        if (report.Error is { } error && output == OutputFormat.Text)
        {
            await context.Error.WriteLineAsync(error).ConfigureAwait(false);
        }

        return report.ExitCode;
    }

    /// <summary>
    /// Reads the configuration, replaces settings with Key Vault secrets when <c>KEYVAULT_URI</c>
    /// is set, and validates the result, the way every command does.
    /// </summary>
    public static async Task<ForwarderOptions> LoadOptionsAsync(CliContext context, string? envFile, CancellationToken cancellationToken = default)
    {
        var path = ConfigurationLoader.ResolveEnvFile(envFile, context.Environment);
        var configuration = ConfigurationLoader.Load(path, context.Environment);
        configuration = await KeyVault.KeyVaultSecretLoader.ApplyAsync(configuration, cancellationToken: cancellationToken).ConfigureAwait(false);
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
