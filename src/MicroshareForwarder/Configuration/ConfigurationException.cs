namespace MicroshareForwarder.Configuration;

/// <summary>Raised when the configuration is invalid; the message lists every problem found.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<string> problems)
    {
        var noun = problems.Count == 1 ? "problem" : "problems";
        return $"The configuration has {problems.Count} {noun}:" + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem));
    }
}
