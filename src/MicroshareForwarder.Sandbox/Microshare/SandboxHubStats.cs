namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Counts of one event hub as shown by <c>GET /_sandbox/stats</c>.</summary>
/// <param name="Received">Events the hub received, duplicates included.</param>
/// <param name="DistinctIds">Distinct record ids among those events.</param>
public readonly record struct SandboxHubStats(long Received, int DistinctIds);
