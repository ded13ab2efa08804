using MicroshareForwarder.Cli;

namespace MicroshareForwarder.Tests.Support;

/// <summary>Runs a forwarder command in-process with captured output and an empty environment.</summary>
internal static class InProcessForwarder
{
    public static async Task<CommandResult> InvokeAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, new Dictionary<string, string>());
        var exitCode = await ForwarderCli.InvokeAsync(arguments, context);
        return new CommandResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>The exit code and output of one command.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr);
