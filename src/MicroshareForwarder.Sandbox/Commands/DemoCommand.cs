using System.CommandLine;
using System.Text.Json;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.Composition;

namespace MicroshareForwarder.Sandbox.Commands;

/// <summary>
/// <c>demo</c>: starts the sandbox, runs the forwarder's real <c>run</c> command against it
/// twice, and checks that every simulated record arrived exactly once with its bytes
/// unchanged and that the second run forwarded nothing new.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var records = new Option<int>("--records")
        {
            Description = "How many share records the simulator serves (999 per page). Default: 5000.",
            DefaultValueFactory = _ => 5000,
        };

        var command = new Command("demo", "Run the forwarder end to end against a loopback Microshare simulator and Event Hubs endpoint, and check the result. Exits 0 only if every record arrived exactly once.");
        command.Options.Add(records);
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(parseResult.GetValue(records), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(int recordCount, TextWriter output, CancellationToken cancellationToken = default)
    {
        var workDirectory = Directory.CreateTempSubdirectory("microshare-forwarder-demo-").FullName;
        try
        {
            await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = recordCount }, cancellationToken).ConfigureAwait(false);
            var stateDirectory = Path.Combine(workDirectory, "state");
            var envFile = sandbox.WriteEnvFile(Path.Combine(workDirectory, "sandbox.env"), stateDirectory);
            await output.WriteLineAsync($"Sandbox: Microshare simulator at {sandbox.Simulator.BaseUrl} with {recordCount} records, Event Hubs endpoint at {sandbox.EventHubs.Address}.").ConfigureAwait(false);

            var first = await RunForwarderAsync(envFile, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"First run:  exit code {first.ExitCode}, {first.Summary}").ConfigureAwait(false);

            var second = await RunForwarderAsync(envFile, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Second run: exit code {second.ExitCode}, {second.Summary}").ConfigureAwait(false);

            var check = DeliveryCheck.Compare(sandbox.Simulator.Records, sandbox.EventHubs.GetReceived(sandbox.HubName));
            await output.WriteLineAsync(check.Describe()).ConfigureAwait(false);

            var secondForwardedNothing = second.Forwarded == 0 && second.Duplicates == first.Forwarded;
            if (!secondForwardedNothing)
            {
                await output.WriteLineAsync($"FAILED: the second run forwarded {second.Forwarded} events and counted {second.Duplicates} duplicates; expected 0 and {first.Forwarded}.").ConfigureAwait(false);
            }

            var passed = first.ExitCode == 0 && second.ExitCode == 0 && check.Passed && secondForwardedNothing;
            await output.WriteLineAsync(passed
                ? $"PASSED: {check.Expected} records in {first.Pages} pages reached Event Hubs exactly once, bodies byte-equal."
                : "FAILED: see the lines above.").ConfigureAwait(false);
            return passed ? 0 : 1;
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private static async Task<RunOutcome> RunForwarderAsync(string envFile, CancellationToken cancellationToken)
    {
        using var captured = new StringWriter();

        // An empty environment keeps the caller's own EVENTHUB_* or MICROSHARE_* variables out of the demo.
        var context = new CliContext(captured, Console.Error, new Dictionary<string, string>());
        var exitCode = await ForwarderCli.InvokeAsync(["run", "--env-file", envFile, "--output", "json"], context, cancellationToken).ConfigureAwait(false);

        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var summary = JsonDocument.Parse(lines[^1]);
        var feed = summary.RootElement.GetProperty("feeds").EnumerateObject().First().Value;
        return new RunOutcome(
            exitCode,
            feed.GetProperty("forwarded").GetInt64(),
            feed.GetProperty("duplicates").GetInt64(),
            feed.GetProperty("pages").GetInt32(),
            $"fetched {feed.GetProperty("fetched").GetInt64()} in {feed.GetProperty("pages").GetInt32()} pages, forwarded {feed.GetProperty("forwarded").GetInt64()}, duplicates {feed.GetProperty("duplicates").GetInt64()}, rejected {feed.GetProperty("rejected").GetInt64()}");
    }

    private sealed record RunOutcome(int ExitCode, long Forwarded, long Duplicates, int Pages, string Summary);
}
