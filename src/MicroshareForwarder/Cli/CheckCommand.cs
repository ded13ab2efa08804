using System.CommandLine;
using System.Text.Json;
using MicroshareForwarder.Checks;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder check</c>: a pre-flight test of the configuration, the file
/// modes, each host, both sign-ins and the hub, printing one line per check. It sends no
/// event and leaves the store and the token cache as they are.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var command = new Command("check", "Check the configuration, file modes, network reach, Microshare sign-in, Azure AD token and Event Hub without sending anything. Prints PASS, FAIL or SKIP per check with the fix. Exit codes: 0 all passed, 75 temporary failure, 77 credentials or permissions rejected, 78 invalid configuration (the worst failure wins).");
        common.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            common.GetOutput(parseResult),
            common.GetLogFormat(parseResult),
            common.GetLogLevel(parseResult),
            cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, OutputFormat output, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        ForwarderOptions? options = null;
        try
        {
            options = await RunCommand.LoadOptionsAsync(context, envFile, cancellationToken).ConfigureAwait(false);
            results.Add(CheckResult.Pass("configuration", "every setting is valid and the .env file is safe"));
        }
        catch (KeyVault.KeyVaultReadException exception)
        {
            results.Add(CheckResult.Fail("key vault", exception.Message, exception.ExitCode));
        }
        catch (ConfigurationException exception)
        {
            foreach (var problem in exception.Problems)
            {
                results.Add(CheckResult.Fail("configuration", problem, ExitCodes.Configuration));
            }
        }

        if (options is not null)
        {
            using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);
            var checks = new ForwarderChecks(options, host.Services.GetRequiredService<IMicroshareSignIn>());
            results.AddRange(await checks.RunAsync(cancellationToken).ConfigureAwait(false));
        }

        var exitCode = results.Aggregate(ExitCodes.Success, (worst, result) => ExitCodes.Worst(worst, result.ExitCode));
        await PrintAsync(context.Out, results, exitCode, output).ConfigureAwait(false);
        return exitCode;
    }

    private static async Task PrintAsync(TextWriter writer, IReadOnlyList<CheckResult> results, int exitCode, OutputFormat output)
    {
        foreach (var result in results)
        {
            var status = result.Status.ToString().ToUpperInvariant();
            await writer.WriteLineAsync($"{status,-4} {result.Name}: {result.Detail}").ConfigureAwait(false);
        }

        if (output == OutputFormat.Json)
        {
            await writer.WriteLineAsync(SerializeSummary(results, exitCode)).ConfigureAwait(false);
        }
    }

    private static string SerializeSummary(IReadOnlyList<CheckResult> results, int exitCode)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("exitCode", exitCode);
            json.WriteStartArray("checks");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("name", result.Name);
                json.WriteString("status", result.Status.ToString().ToLowerInvariant());
                json.WriteString("detail", result.Detail);
                json.WriteNumber("exitCode", result.ExitCode);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
