namespace MicroshareForwarder.Configuration;

/// <summary>Where and how long the forwarder keeps its local state.</summary>
internal sealed class StateOptions
{
    /// <summary>The directory that holds the store, the token cache, <c>state.json</c> and the lock.</summary>
    public required string Directory { get; init; }

    /// <summary>How long a delivered event id is remembered for deduplication. Default 30 days.</summary>
    public TimeSpan DeliveredRetention { get; init; } = TimeSpan.FromDays(30);
}
