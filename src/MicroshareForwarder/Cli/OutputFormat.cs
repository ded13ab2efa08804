namespace MicroshareForwarder.Cli;

/// <summary>How a command prints its result on stdout.</summary>
internal enum OutputFormat
{
    /// <summary>Lines for people.</summary>
    Text,

    /// <summary>One JSON object on the last line, for scripts.</summary>
    Json,
}
