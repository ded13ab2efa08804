using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroshareForwarder.Sandbox.EventHubs;

/// <summary>
/// Settings of an <see cref="EventHubsEndpoint"/>.
/// </summary>
public sealed class EventHubsEndpointOptions
{
    /// <summary>
    /// The hub names the endpoint accepts producer links for, compared without regard to case.
    /// </summary>
    /// <value>Default: <c>["telemetry"]</c>.</value>
    public IReadOnlyList<string> Hubs { get; init; } = ["telemetry"];

    /// <summary>
    /// The partition count of every hub. Partition ids are <c>"0"</c> to <c>PartitionCount - 1</c>.
    /// </summary>
    /// <value>Default: 2.</value>
    public int PartitionCount { get; init; } = 2;

    /// <summary>
    /// The maximum message size in bytes, sent as <c>max-message-size</c> in the attach reply of each
    /// producer link. The SDK reports it as <c>EventDataBatch.MaximumSizeInBytes</c>. The endpoint
    /// also rejects larger deliveries and batch items with <c>amqp:link:message-size-exceeded</c>.
    /// </summary>
    /// <value>Default: 1,048,576 bytes (the Standard tier limit). The Basic tier limit is 262,144.</value>
    public long MaxMessageSizeBytes { get; init; } = 1_048_576;

    /// <summary>
    /// Whether the endpoint listens with TLS (amqps) using <see cref="TlsCertificate"/>.
    /// </summary>
    /// <value>Default: false (plain AMQP).</value>
    public bool UseTls { get; init; }

    /// <summary>
    /// Whether the endpoint also accepts AMQP over WebSockets at <c>/$servicebus/websocket/</c> on a
    /// port of its own (<see cref="EventHubsEndpoint.WebSocketAddress"/>). The WebSocket listener
    /// uses TLS (wss) when <see cref="UseTls"/> is true and plain ws otherwise.
    /// </summary>
    /// <value>Default: false.</value>
    public bool UseWebSockets { get; init; }

    /// <summary>
    /// The server certificate, with its private key. Required when <see cref="UseTls"/> is true.
    /// </summary>
    /// <value>Default: null.</value>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>
    /// The fault active from the start. <see cref="EventHubsEndpoint.SetFault"/> changes it at run time.
    /// </summary>
    /// <value>Default: <see cref="EventHubsFault.None"/>.</value>
    public EventHubsFault Fault { get; init; } = EventHubsFault.None;

    /// <summary>
    /// How long a fault lasts after it is set, unless <see cref="EventHubsEndpoint.SetFault"/> is given
    /// another duration. <see cref="TimeSpan.MaxValue"/> means until it is changed.
    /// </summary>
    /// <value>Default: <see cref="TimeSpan.MaxValue"/>.</value>
    public TimeSpan FaultDuration { get; init; } = TimeSpan.MaxValue;

    /// <summary>
    /// Whether the endpoint stores every event. When false it only counts events, so
    /// <see cref="EventHubsEndpoint.GetReceived"/> returns an empty list and
    /// <see cref="EventHubsEndpoint.GetDistinctIdCount"/> returns 0. Benchmarks turn it off.
    /// </summary>
    /// <value>Default: true.</value>
    public bool StoreBodies { get; init; } = true;

    /// <summary>
    /// The clock for fault expiry and <see cref="ReceivedEvent.ReceivedAt"/>.
    /// </summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The logger for starts, stops, fault changes, rejected links and rejected deliveries.
    /// </summary>
    /// <value>Default: <see cref="NullLogger.Instance"/>.</value>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// Checks every setting and throws one exception that lists all invalid ones.
    /// </summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    internal void Validate()
    {
        var problems = new List<string>();

        if (Hubs is null || Hubs.Count == 0)
        {
            problems.Add("Hubs must contain at least one hub name.");
        }
        else
        {
            if (Hubs.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add("Hubs must not contain an empty name.");
            }

            if (Hubs.Any(hub => hub is not null && hub.Contains('/', StringComparison.Ordinal)))
            {
                problems.Add("Hubs must not contain a name with '/'.");
            }

            if (Hubs.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Hubs.Count)
            {
                problems.Add("Hubs must not contain the same name twice (names are compared without regard to case).");
            }
        }

        if (PartitionCount < 1)
        {
            problems.Add($"PartitionCount is {PartitionCount}, but it must be at least 1.");
        }

        if (MaxMessageSizeBytes < 1)
        {
            problems.Add($"MaxMessageSizeBytes is {MaxMessageSizeBytes} bytes, but it must be at least 1 byte.");
        }

        if (UseTls && TlsCertificate is null)
        {
            problems.Add("UseTls is true, but TlsCertificate is missing.");
        }

        if (UseTls && TlsCertificate is not null && !TlsCertificate.HasPrivateKey)
        {
            problems.Add("TlsCertificate has no private key, so it cannot serve TLS.");
        }

        if (FaultDuration <= TimeSpan.Zero)
        {
            problems.Add($"FaultDuration is {FaultDuration}, but it must be positive.");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider is missing.");
        }

        if (Logger is null)
        {
            problems.Add("Logger is missing.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid EventHubsEndpointOptions: " + string.Join(" ", problems));
        }
    }
}
