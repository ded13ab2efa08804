using System.Net.WebSockets;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Tls;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

/// <summary>
/// The endpoint's WebSocket listener with the real SDK (Azure.Messaging.EventHubs 5.12.2) and
/// <see cref="EventHubsTransportType.AmqpWebSockets"/>. Sends that must succeed use plain ws,
/// because over wss the SDK validates with the process's default trust store, which a test
/// must not change. The forwarder's wss path runs in a child process in
/// <c>WebSocketTransportProcessTests</c>.
/// </summary>
public sealed class EventHubsEndpointWebSocketTests : IDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly SandboxCertificates certificates = SandboxCertificates.Create();

    [Fact]
    public async Task WebSockets_PlainWs_BatchArrivesOverRelay()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { UseWebSockets = true });
        await using var producer = new EventHubProducerClient(
            endpoint.GetConnectionString("telemetry"),
            CreateClientOptions(endpoint.WebSocketAddress!, validationCallback: null));

        // 3 KiB bodies fill a batch of several AMQP frames, so frames and WebSocket messages
        // cannot line up one to one.
        byte[][] bodies = Enumerable.Range(0, 300).Select(CreateBody).ToArray();
        using EventDataBatch batch = await producer.CreateBatchAsync();
        foreach (byte[] body in bodies)
        {
            Assert.True(batch.TryAdd(new EventData(body)));
        }

        await producer.SendAsync(batch);
        await endpoint.WaitForCountAsync("telemetry", bodies.Length, WaitTimeout);

        IReadOnlyList<ReceivedEvent> received = endpoint.GetReceived("telemetry");
        Assert.Equal(bodies.Length, received.Count);
        Assert.Equal(bodies, received.Select(item => item.Body));
        Assert.Equal(1, endpoint.WebSocketConnections);
        Assert.Equal(0, endpoint.RejectedWebSocketRequests);
        Assert.Equal("ws", endpoint.WebSocketAddress!.Scheme);
        Assert.Equal("/$servicebus/websocket/", endpoint.WebSocketAddress.AbsolutePath);
    }

    [Fact]
    public async Task WebSockets_Wss_IgnoresCertificateValidationCallback()
    {
        await using EventHubsEndpoint endpoint = await StartTlsEndpointAsync();
        int callbackCalls = 0;
        await using var producer = new EventHubProducerClient(
            endpoint.GetConnectionString("telemetry"),
            CreateClientOptions(endpoint.WebSocketAddress!, (_, certificate, _, errors) =>
            {
                Interlocked.Increment(ref callbackCalls);
                return certificates.ValidateServerCertificate(certificate, errors);
            }));

        Exception? exception = await Record.ExceptionAsync(() => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.NotNull(exception);
        Assert.Contains(
            FlattenExceptions(exception),
            inner => inner is System.Security.Authentication.AuthenticationException);
        Assert.Equal(0, Volatile.Read(ref callbackCalls));
        Assert.Equal(0, endpoint.WebSocketConnections);
        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
    }

    [Fact]
    public async Task WebSockets_WithTls_AmqpsStillServes()
    {
        await using EventHubsEndpoint endpoint = await StartTlsEndpointAsync();
        await using var producer = new EventHubProducerClient(
            endpoint.GetConnectionString("telemetry"),
            new EventHubProducerClientOptions
            {
                RetryOptions = TestProducers.FastRetries(0),
                ConnectionOptions = new EventHubConnectionOptions
                {
                    CustomEndpointAddress = endpoint.Address,
                    CertificateValidationCallback = (_, certificate, _, errors) => certificates.ValidateServerCertificate(certificate, errors),
                },
            });

        await producer.SendAsync([new EventData("over-amqps"u8.ToArray())]);

        Assert.Equal("amqps", endpoint.Address.Scheme);
        Assert.Equal("wss", endpoint.WebSocketAddress!.Scheme);
        Assert.NotEqual(endpoint.Port, endpoint.WebSocketAddress.Port);
        Assert.Equal("over-amqps"u8.ToArray(), Assert.Single(endpoint.GetReceived("telemetry")).Body);
        Assert.Equal(0, endpoint.WebSocketConnections);
    }

    [Fact]
    public async Task WebSockets_UnknownSubprotocol_Rejected()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { UseWebSockets = true });
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("mqtt");

        Exception? exception = await Record.ExceptionAsync(() => client.ConnectAsync(endpoint.WebSocketAddress!, CancellationToken.None));

        Assert.IsType<WebSocketException>(exception);
        Assert.Equal(1, endpoint.RejectedWebSocketRequests);
        Assert.Equal(0, endpoint.WebSocketConnections);
    }

    [Fact]
    public async Task WebSockets_Disabled_NoWebSocketAddress()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());

        Assert.Null(endpoint.WebSocketAddress);
        Assert.Equal(0, endpoint.WebSocketConnections);
    }

    public void Dispose()
    {
        certificates.Dispose();
    }

    private Task<EventHubsEndpoint> StartTlsEndpointAsync()
    {
        return EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions
        {
            UseTls = true,
            UseWebSockets = true,
            TlsCertificate = certificates.ServerCertificate,
        });
    }

    private static EventHubProducerClientOptions CreateClientOptions(Uri webSocketAddress, System.Net.Security.RemoteCertificateValidationCallback? validationCallback)
    {
        return new EventHubProducerClientOptions
        {
            RetryOptions = TestProducers.FastRetries(0),
            ConnectionOptions = new EventHubConnectionOptions
            {
                TransportType = EventHubsTransportType.AmqpWebSockets,
                CustomEndpointAddress = webSocketAddress,
                CertificateValidationCallback = validationCallback,
            },
        };
    }

    private static byte[] CreateBody(int index)
    {
        byte[] body = new byte[3 * 1024];
        for (int position = 0; position < body.Length; position++)
        {
            body[position] = (byte)(index + position);
        }

        return body;
    }

    private static IEnumerable<Exception> FlattenExceptions(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;

            if (current is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions.SelectMany(FlattenExceptions))
                {
                    yield return inner;
                }
            }
        }
    }
}
