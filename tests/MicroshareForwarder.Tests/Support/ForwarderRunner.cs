using System.Text.Json;
using MicroshareForwarder.Cli;

namespace MicroshareForwarder.Tests.Support;

/// <summary>Runs the forwarder's command line in-process with captured output and an explicit environment.</summary>
internal static class ForwarderRunner
{
    public static async Task<ForwarderResult> InvokeAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, environment ?? new Dictionary<string, string>());

        var exitCode = await ForwarderCli.InvokeAsync(args, context, cancellationToken);
        return new ForwarderResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>The exit code and captured streams of one forwarder invocation.</summary>
internal sealed record ForwarderResult(int ExitCode, string Output, string Error)
{
    /// <summary>Parses the last line of stdout, which <c>--output json</c> makes a JSON object.</summary>
    public JsonElement Summary()
    {
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        return JsonDocument.Parse(lines[^1]).RootElement.Clone();
    }

    public JsonElement Feed(string name = "share") => Summary().GetProperty("feeds").GetProperty(name);
}
