namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>The outcome of one forwarder run: exit code, standard output, standard error and elapsed time.</summary>
internal sealed record ForwarderRunResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Output}\nstderr:\n{Error}";
}
