using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Listener;
using MicroshareForwarder.Sandbox.EventHubs.Internal;

namespace MicroshareForwarder.Sandbox.EventHubs;

/// <summary>
/// An AMQP 1.0 endpoint on 127.0.0.1 that the Azure Event Hubs SDK (Azure.Messaging.EventHubs 5.12.2)
/// can send to. It serves the <c>$cbs</c> and <c>$management</c> nodes and producer links, stores
/// every accepted event, and injects faults on request. It has no consumer side and assigns no
/// partitions or sequence numbers.
/// </summary>
/// <remarks>
/// For plain AMQP, pass <see cref="GetConnectionString"/> to <c>EventHubProducerClient</c>. For TLS,
/// also set <c>EventHubConnectionOptions.CustomEndpointAddress</c> to <see cref="Address"/>
/// (<c>amqps://127.0.0.1:PORT</c>), because without <c>UseDevelopmentEmulator=true</c> the SDK
/// ignores the port of the connection string and uses 5671, and set
/// <c>EventHubConnectionOptions.CertificateValidationCallback</c> to trust the private CA.
/// <para>
/// With <see cref="EventHubsEndpointOptions.UseWebSockets"/>, set
/// <c>EventHubConnectionOptions.TransportType</c> to <c>AmqpWebSockets</c> and
/// <c>CustomEndpointAddress</c> to <see cref="WebSocketAddress"/>. Over wss the SDK (5.12.2, with
/// Microsoft.Azure.Amqp 2.7.3) ignores <c>CertificateValidationCallback</c>, because its
/// <c>ClientWebSocket</c> validates with the default trust store, so the client process must
/// trust the CA there (on Linux, <c>SSL_CERT_FILE</c> or <c>SSL_CERT_DIR</c>).
/// </para>
/// </remarks>
public sealed class EventHubsEndpoint : IAsyncDisposable
{
    /// <summary>
    /// The shared access key in every connection string. The endpoint checks no signature, so the
    /// value only has to be valid base64.
    /// </summary>
    private const string DummySharedAccessKey = "c2FuZGJveC1rZXktbm90LWEtc2VjcmV0";

    private readonly ContainerHost host;
    private readonly EndpointState state;
    private readonly WebSocketRelay? webSocketRelay;
    private int disposed;

    private EventHubsEndpoint(ContainerHost host, EndpointState state, int port, WebSocketRelay? webSocketRelay)
    {
        this.host = host;
        this.state = state;
        this.webSocketRelay = webSocketRelay;
        Port = port;
    }

    /// <summary>The IP literal the endpoint listens on: <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the endpoint listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// The endpoint address: <c>amqp://127.0.0.1:PORT</c>, or <c>amqps://127.0.0.1:PORT</c> with TLS.
    /// </summary>
    public Uri Address => new($"{(state.Options.UseTls ? "amqps" : "amqp")}://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// The WebSocket address, <c>wss://127.0.0.1:PORT/$servicebus/websocket/</c> (<c>ws://</c> without
    /// TLS), or null unless <see cref="EventHubsEndpointOptions.UseWebSockets"/> is true. As
    /// <c>CustomEndpointAddress</c> the SDK takes only its host and port, chooses TLS unless the
    /// scheme is <c>ws</c>, <c>amqp</c> or <c>http</c>, and always requests the path above.
    /// </summary>
    public Uri? WebSocketAddress => webSocketRelay is null
        ? null
        : new($"{(state.Options.UseTls ? "wss" : "ws")}://{Host}:{webSocketRelay.Port.ToString(CultureInfo.InvariantCulture)}{WebSocketRelay.RequestPath}");

    /// <summary>
    /// The number of WebSocket connections accepted since the start, each one an AMQP connection
    /// that arrived over WebSockets. It is 0 without <see cref="EventHubsEndpointOptions.UseWebSockets"/>.
    /// </summary>
    public long WebSocketConnections => webSocketRelay?.AcceptedConnections ?? 0;

    /// <summary>
    /// The number of HTTP requests on the WebSocket port that were not accepted: a wrong path, no
    /// upgrade, or no supported subprotocol (<c>amqp</c> or <c>AMQPWSB10</c>).
    /// </summary>
    public long RejectedWebSocketRequests => webSocketRelay?.RejectedRequests ?? 0;

    /// <summary>
    /// The type and audience of every <c>$cbs</c> put-token request, in arrival order.
    /// </summary>
    public IReadOnlyList<CbsTokenRecord> CbsTokens => state.CbsTokens;

    /// <summary>
    /// The number of deliveries rejected because of a fault, the size limit or a decode error.
    /// </summary>
    public long RejectedDeliveries => state.RejectedDeliveries;

    /// <summary>
    /// Starts an endpoint on a free port of 127.0.0.1.
    /// </summary>
    /// <exception cref="ArgumentException">One or more options are invalid, and the message lists all of them.</exception>
    public static async Task<EventHubsEndpoint> StartAsync(EventHubsEndpointOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var state = new EndpointState(options);
        state.Faults.Set(options.Fault, options.FaultDuration);

        // AMQPNetLite cannot report the port it bound for port 0, so a free port is reserved first.
        // Binding to the IP literal matters: with "localhost" AMQPNetLite listens on every interface.
        // The WebSocket relay forwards bytes to a plain AMQP listener, so with TLS and WebSockets
        // the host listens twice: amqps on the public port and plain AMQP on a second port.
        int port = ReserveLoopbackPort();
        var addresses = new List<Address> { CreateAddress(options.UseTls, port) };
        int plainPort = port;
        if (options.UseTls && options.UseWebSockets)
        {
            plainPort = ReserveLoopbackPort();
            addresses.Add(CreateAddress(useTls: false, plainPort));
        }

        var host = new ContainerHost(addresses);
        foreach (ConnectionListener listener in host.Listeners)
        {
            if (options.UseTls)
            {
                listener.SSL.Certificate = options.TlsCertificate;
            }

            listener.SASL.EnableMechanism(CbsSaslProfile.MechanismName, new CbsSaslProfile());
        }

        host.RegisterRequestProcessor("$cbs", new CbsRequestProcessor(state));
        host.RegisterRequestProcessor("$management", new ManagementRequestProcessor(state));
        host.RegisterLinkProcessor(new ProducerLinkProcessor(state));
        host.Open();

        Log.EndpointStarted(options.Logger, "127.0.0.1", port, options.UseTls, options.Hubs.Count, options.PartitionCount);

        WebSocketRelay? relay = null;
        if (options.UseWebSockets)
        {
            try
            {
                relay = await WebSocketRelay.StartAsync(options.UseTls ? options.TlsCertificate : null, plainPort, options.Logger, cancellationToken);
            }
            catch
            {
                host.Close();
                throw;
            }

            Log.WebSocketListenerStarted(options.Logger, "127.0.0.1", relay.Port, options.UseTls, plainPort);
        }

        return new EventHubsEndpoint(host, state, port, relay);
    }

    /// <summary>
    /// Returns a connection string for one hub. In plain AMQP mode it ends with
    /// <c>UseDevelopmentEmulator=true</c>, so the SDK connects without TLS to <see cref="Port"/>. In TLS
    /// mode it has no such flag, and the caller must set <c>CustomEndpointAddress</c> to <see cref="Address"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not configured.</exception>
    public string GetConnectionString(string hub)
    {
        string name = state.GetStore(hub).Hub;
        string port = Port.ToString(CultureInfo.InvariantCulture);

        string connectionString =
            $"Endpoint=sb://{Host}:{port}/;SharedAccessKeyName=sandbox;SharedAccessKey={DummySharedAccessKey};EntityPath={name}";

        return state.Options.UseTls ? connectionString : connectionString + ";UseDevelopmentEmulator=true";
    }

    /// <summary>
    /// Returns a snapshot of the events that a hub accepted, in arrival order. It is empty when
    /// <see cref="EventHubsEndpointOptions.StoreBodies"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not configured.</exception>
    public IReadOnlyList<ReceivedEvent> GetReceived(string hub)
    {
        return state.GetStore(hub).Snapshot();
    }

    /// <summary>
    /// Returns the number of events that a hub accepted, with each batch item counted once.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not configured.</exception>
    public long GetReceivedCount(string hub)
    {
        return state.GetStore(hub).Count;
    }

    /// <summary>
    /// Returns the number of distinct event ids that a hub accepted. The id is the message id, or the
    /// application property <c>cloudEvents:id</c> when there is none. Events with neither are not
    /// counted, and the count is 0 when <see cref="EventHubsEndpointOptions.StoreBodies"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not configured.</exception>
    public int GetDistinctIdCount(string hub)
    {
        return state.GetStore(hub).DistinctIdCount;
    }

    /// <summary>
    /// Waits until a hub has accepted at least <paramref name="count"/> events.
    /// </summary>
    /// <exception cref="ArgumentException">The hub is not configured.</exception>
    /// <exception cref="TimeoutException">The count was not reached within <paramref name="timeout"/>.</exception>
    public Task WaitForCountAsync(string hub, long count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        return state.GetStore(hub).WaitForCountAsync(count, timeout, state.Options.TimeProvider, cancellationToken);
    }

    /// <summary>
    /// Replaces the active fault. It lasts <paramref name="duration"/>, or
    /// <see cref="EventHubsEndpointOptions.FaultDuration"/> when that is null, and
    /// <see cref="TimeSpan.MaxValue"/> keeps it until the next call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is zero or negative.</exception>
    public void SetFault(EventHubsFault fault, TimeSpan? duration = null)
    {
        TimeSpan lasting = duration ?? state.Options.FaultDuration;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lasting, TimeSpan.Zero, nameof(duration));

        state.Faults.Set(fault, lasting);

        double seconds = lasting == TimeSpan.MaxValue ? double.PositiveInfinity : lasting.TotalSeconds;
        Log.FaultSet(state.Options.Logger, fault, seconds);
    }

    /// <summary>
    /// Stops listening and closes every connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            if (webSocketRelay is not null)
            {
                await webSocketRelay.DisposeAsync();
            }

            host.Close();
            Log.EndpointStopped(state.Options.Logger, Port);
        }
    }

    private static Address CreateAddress(bool useTls, int port)
    {
        return new Address($"{(useTls ? "amqps" : "amqp")}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    private static int ReserveLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
