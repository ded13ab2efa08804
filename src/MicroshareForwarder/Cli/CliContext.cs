namespace MicroshareForwarder.Cli;

/// <summary>
/// The process surroundings a command runs in. The real process passes its console and
/// environment. The sandbox demo and tests pass their own, so they run the same code path
/// in-process without touching the real environment.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The clock that <c>status</c> measures lag against and <c>serve</c> waits on. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <see cref="Error"/> is a terminal, so progress can be drawn as a bar instead of plain lines.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>
    /// The token that the process's SIGTERM and SIGINT handlers cancel. System.CommandLine
    /// 2.0.0 does not always pass the invocation's token on to an action, so actions link it
    /// themselves through <see cref="LinkStopping"/>.
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>Returns a source cancelled by either <paramref name="actionToken"/> or <see cref="Stopping"/>; the caller disposes it.</summary>
    public CancellationTokenSource LinkStopping(CancellationToken actionToken)
    {
        return CancellationTokenSource.CreateLinkedTokenSource(actionToken, Stopping);
    }

    public static CliContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new CliContext(Console.Out, Console.Error, environment) { IsErrorTerminal = !Console.IsErrorRedirected };
    }
}
