namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Supplies the per-hub counts that <c>GET /_sandbox/stats</c> shows next to the record count.</summary>
public interface ISandboxStatsSource
{
    /// <summary>Returns the counts of each event hub, keyed by hub name.</summary>
    IReadOnlyDictionary<string, SandboxHubStats> GetHubStats();
}
