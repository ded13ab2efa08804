using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Sandbox.Composition;

/// <summary>Feeds the Event Hubs endpoint's counts into the simulator's <c>/_sandbox/stats</c> answer.</summary>
internal sealed class EndpointStatsSource(EventHubsEndpoint endpoint, IReadOnlyList<string> hubs) : ISandboxStatsSource
{
    public IReadOnlyDictionary<string, SandboxHubStats> GetHubStats()
    {
        return hubs.ToDictionary(
            hub => hub,
            hub => new SandboxHubStats(endpoint.GetReceivedCount(hub), endpoint.GetDistinctIdCount(hub)),
            StringComparer.Ordinal);
    }
}
