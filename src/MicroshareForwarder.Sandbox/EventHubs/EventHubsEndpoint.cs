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
    private int disposed;

    private EventHubsEndpoint(ContainerHost host, EndpointState state, int port)
    {
        this.host = host;
        this.state = state;
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
    public static Task<EventHubsEndpoint> StartAsync(EventHubsEndpointOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var state = new EndpointState(options);
        state.Faults.Set(options.Fault, options.FaultDuration);

        // AMQPNetLite cannot report the port it bound for port 0, so a free port is reserved first.
        // Binding to the IP literal matters: with "localhost" AMQPNetLite listens on every interface.
        int port = ReserveLoopbackPort();
        string scheme = options.UseTls ? "amqps" : "amqp";
        var address = new Address($"{scheme}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        ContainerHost host = options.UseTls
            ? new ContainerHost([address], options.TlsCertificate)
            : new ContainerHost([address]);

        host.Listeners[0].SASL.EnableMechanism(CbsSaslProfile.MechanismName, new CbsSaslProfile());
        host.RegisterRequestProcessor("$cbs", new CbsRequestProcessor(state));
        host.RegisterRequestProcessor("$management", new ManagementRequestProcessor(state));
        host.RegisterLinkProcessor(new ProducerLinkProcessor(state));
        host.Open();

        Log.EndpointStarted(options.Logger, "127.0.0.1", port, options.UseTls, options.Hubs.Count, options.PartitionCount);

        return Task.FromResult(new EventHubsEndpoint(host, state, port));
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
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            host.Close();
            Log.EndpointStopped(state.Options.Logger, Port);
        }

        return ValueTask.CompletedTask;
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
