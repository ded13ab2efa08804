using System.Globalization;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// A crash-test hook: when <c>FORWARDER_TEST_PAUSE_AT=phase@N</c> is set, the run stops at the
/// Nth time it reaches that phase, writes <c>FORWARDER_PAUSED phase N pid</c> to stderr and waits
/// for a line on stdin. A harness kills the process while it waits, which places a SIGKILL
/// exactly between two effects (for example after the outbox commit and before the send).
/// Without the variable every call is a no-op.
/// </summary>
internal sealed class PhasePause
{
    public const string EnvironmentVariable = "FORWARDER_TEST_PAUSE_AT";

    /// <summary>A page came back from Microshare and nothing of it is stored yet.</summary>
    public const string PageFetched = "page-fetched";

    /// <summary>A page's new events are committed to the outbox and none of them was sent.</summary>
    public const string OutboxCommitted = "outbox-committed";

    /// <summary>Event Hubs acknowledged a batch and the store does not yet record it as delivered.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>A batch is recorded as delivered and removed from the outbox.</summary>
    public const string DeliveredMarked = "delivered-marked";

    /// <summary>Every feed is done and <c>state.json</c> is about to be written.</summary>
    public const string StateFileWriting = "state-file-writing";

    public static readonly PhasePause None = new(null, 0, TextWriter.Null, TextReader.Null);

    private static readonly string[] Phases = [PageFetched, OutboxCommitted, Acknowledged, DeliveredMarked, StateFileWriting];

    private readonly string? _phase;
    private readonly int _occurrence;
    private readonly TextWriter _marker;
    private readonly TextReader _resume;
    private int _reached;

    private PhasePause(string? phase, int occurrence, TextWriter marker, TextReader resume)
    {
        _phase = phase;
        _occurrence = occurrence;
        _marker = marker;
        _resume = resume;
    }

    /// <summary>
    /// Reads <see cref="EnvironmentVariable"/> from <paramref name="environment"/>. Throws
    /// <see cref="Configuration.ConfigurationException"/> for a value that is not <c>phase@N</c>
    /// with a known phase and N ≥ 1, so a typo in a test never runs unpaused.
    /// </summary>
    public static PhasePause FromEnvironment(IReadOnlyDictionary<string, string> environment, TextWriter marker, TextReader resume)
    {
        if (!environment.TryGetValue(EnvironmentVariable, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return None;
        }

        var parts = value.Split('@');
        if (parts.Length != 2
            || !Phases.Contains(parts[0], StringComparer.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var occurrence)
            || occurrence < 1)
        {
            throw new Configuration.ConfigurationException([
                $"{EnvironmentVariable} is '{value}', but it must be PHASE@N with N of at least 1 and PHASE one of: {string.Join(", ", Phases)}.",
            ]);
        }

        return new PhasePause(parts[0], occurrence, marker, resume);
    }

    /// <summary>Counts one arrival at <paramref name="phase"/> and blocks the calling thread if it is the chosen one.</summary>
    public void Reach(string phase)
    {
        if (_phase is null || !string.Equals(phase, _phase, StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _reached) != _occurrence)
        {
            return;
        }

        _marker.WriteLine($"FORWARDER_PAUSED {phase} {_occurrence.ToString(CultureInfo.InvariantCulture)} {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        _marker.Flush();

        // Blocking on purpose: the harness either kills the process here or writes a line to let it go on.
        _resume.ReadLine();
    }
}
