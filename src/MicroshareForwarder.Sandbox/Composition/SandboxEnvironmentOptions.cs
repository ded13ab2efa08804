using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Sandbox.Composition;

/// <summary>Settings for a loopback Microshare simulator and Event Hubs endpoint started together.</summary>
public sealed class SandboxEnvironmentOptions
{
    /// <summary>How many share records the simulator holds. Default 5,000.</summary>
    public int RecordCount { get; init; } = 5000;

    /// <summary>The Event Hub that the endpoint serves and the forwarder publishes to.</summary>
    public string HubName { get; init; } = "telemetry";

    /// <summary>The limit the endpoint reports for one message or batch, in bytes. Default 1,048,576 (Standard tier).</summary>
    public long MaxMessageSizeBytes { get; init; } = 1_048_576;

    /// <summary>A fault the endpoint starts with.</summary>
    public EventHubsFault EventHubsFault { get; init; } = EventHubsFault.None;

    /// <summary>False makes the endpoint count events without keeping them, for long benchmarks.</summary>
    public bool StoreBodies { get; init; } = true;

    /// <summary>The Microshare password that the simulator accepts and the settings carry. Default <c>sandbox-password</c>.</summary>
    public string MicrosharePassword { get; init; } = "sandbox-password";

    /// <summary>The Microshare app key that the simulator accepts and the settings carry. Default <c>sandbox-api-key</c>.</summary>
    public string MicroshareApiKey { get; init; } = "sandbox-api-key";

    /// <summary>
    /// The SAS key written into the connection string of the settings; null keeps the endpoint's
    /// placeholder key. The endpoint does not verify SAS signatures, so any Base64 text works.
    /// </summary>
    public string? EventHubsSharedAccessKey { get; init; }

    /// <summary>The clock of the simulator's records and tokens.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
