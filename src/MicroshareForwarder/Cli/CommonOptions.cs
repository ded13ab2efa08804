using System.CommandLine;
using MicroshareForwarder.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>Options that several commands share.</summary>
internal sealed class CommonOptions
{
    public Option<string?> EnvFile { get; } = new("--env-file")
    {
        Description = "The .env file with the settings (KEY=VALUE, mode 0600). Default: $CREDENTIALS_DIRECTORY/env under systemd, else $FORWARDER_ENV_FILE, else ./.env. Environment variables override the file.",
        HelpName = "PATH",
    };

    public Option<string> Output { get; } = new("--output")
    {
        Description = "text: lines for people. json: one JSON object on the last line of stdout, for scripts.",
        DefaultValueFactory = _ => "text",
    };

    public Option<string> LogFormatOption { get; } = new("--log-format")
    {
        Description = "How logs are written to stderr: text, or json (one object per line). Under systemd, text gets journal priorities.",
        DefaultValueFactory = _ => "text",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log per-page counts and batch sends (debug level).",
    };

    public CommonOptions()
    {
        Output.AcceptOnlyFromAmong("text", "json");
        LogFormatOption.AcceptOnlyFromAmong("text", "json");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(EnvFile);
        command.Options.Add(Output);
        command.Options.Add(LogFormatOption);
        command.Options.Add(Verbose);
    }

    public OutputFormat GetOutput(ParseResult parseResult) =>
        parseResult.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Text;

    public LogFormat GetLogFormat(ParseResult parseResult) =>
        parseResult.GetValue(LogFormatOption) == "json" ? LogFormat.Json : LogFormat.Text;

    public LogLevel GetLogLevel(ParseResult parseResult) =>
        parseResult.GetValue(Verbose) ? LogLevel.Debug : LogLevel.Information;
}
