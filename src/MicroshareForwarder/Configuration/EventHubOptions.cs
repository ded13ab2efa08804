namespace MicroshareForwarder.Configuration;

/// <summary>Settings for publishing to one Event Hub.</summary>
internal sealed class EventHubOptions
{
    /// <summary>The destination's name in the settings: <c>default</c>, or a name from <c>EVENTHUB_EXTRA_DESTINATIONS</c>.</summary>
    public string Name { get; init; } = "default";

    public EventHubAuthMode Auth { get; init; }

    /// <summary>A SAS connection string; set only when <see cref="Auth"/> is <see cref="EventHubAuthMode.ConnectionString"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The namespace host, for example <c>contoso.servicebus.windows.net</c>.</summary>
    public string? FullyQualifiedNamespace { get; init; }

    /// <summary>The Event Hub name; may also come from the connection string's <c>EntityPath</c>.</summary>
    public string? HubName { get; init; }

    public EventHubTransport Transport { get; init; } = EventHubTransport.WebSockets;

    /// <summary>An upper bound for the size of one batch in bytes; null uses the hub's own limit.</summary>
    public long? MaxBatchSizeBytes { get; init; }

    /// <summary>Timeout of one send attempt. Default 60 seconds.</summary>
    public TimeSpan TryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a transient send failure before the run gives up. Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>A PEM file of extra CA certificates to trust for the Event Hubs endpoint.</summary>
    public string? CaFile { get; init; }

    /// <summary>An address to connect to instead of the namespace host, for private endpoints.</summary>
    public Uri? CustomEndpointAddress { get; init; }

    /// <summary>The proxy for AMQP over WebSockets; null connects directly.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>
    /// A JSON Pointer (RFC 6901, for example <c>/data/device/id</c>) to the record member whose
    /// value becomes the partition key; null lets the service spread events over partitions.
    /// </summary>
    public string? PartitionKeyPath { get; init; }

    /// <summary>How events carry their CloudEvents attributes. Default <see cref="EventFormat.Binary"/>.</summary>
    public EventFormat EventFormat { get; init; } = EventFormat.Binary;

    public AzureCredentialOptions Credential { get; init; } = new();
}
