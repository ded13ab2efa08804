namespace MicroshareForwarder.Cli;

/// <summary>
/// The process surroundings a command runs in. The real process passes its console and
/// environment; the sandbox demo and tests pass their own, so they run the same code path
/// in-process without touching the real environment.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string> Environment)
{
    public static CliContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new CliContext(Console.Out, Console.Error, environment);
    }
}
