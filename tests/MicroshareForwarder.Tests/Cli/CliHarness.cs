using MicroshareForwarder.Cli;

namespace MicroshareForwarder.Tests.Cli;

/// <summary>Runs the forwarder's command line in-process with captured output and an explicit environment.</summary>
internal sealed class CliHarness
{
    public CliHarness(IReadOnlyDictionary<string, string> environment)
    {
        Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
    }

    public Dictionary<string, string> Environment { get; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public async Task<CliResult> InvokeAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Environment) { TimeProvider = TimeProvider };
        var exitCode = await ForwarderCli.InvokeAsync(args, context, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last non-empty line of stdout, where <c>--output json</c> puts its object.</summary>
    public string LastLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
}
