using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// A Kestrel listener on 127.0.0.1 that accepts AMQP over WebSockets at <c>/$servicebus/websocket/</c>
/// and relays the bytes of each WebSocket to a new TCP connection to the endpoint's plain AMQP
/// listener. AMQPNetLite's own WebSocket listener is built on <c>HttpListener</c>, which cannot
/// serve TLS on Linux, so the endpoint uses this relay instead.
/// </summary>
/// <remarks>
/// The relay treats each direction as a byte stream: the boundaries of WebSocket messages need
/// not match AMQP frames, and bytes from the AMQP listener go out as binary messages of whatever
/// size one read returns.
/// </remarks>
internal sealed class WebSocketRelay : IAsyncDisposable
{
    /// <summary>The request path of the Event Hubs service, with or without the trailing slash.</summary>
    public const string RequestPath = "/$servicebus/websocket/";

    /// <summary>
    /// The WebSocket subprotocols the relay accepts. Microsoft.Azure.Amqp 2.7.3, which
    /// Azure.Messaging.EventHubs 5.12.2 uses, requests <c>amqp</c>. The Azure IoT SDKs request
    /// <c>AMQPWSB10</c>.
    /// </summary>
    private static readonly string[] SupportedSubProtocols = ["amqp", "AMQPWSB10"];

    private const int BufferSize = 64 * 1024;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication app;
    private readonly ILogger logger;
    private readonly int amqpPort;
    private long acceptedConnections;
    private long rejectedRequests;

    private WebSocketRelay(WebApplication app, ILogger logger, int amqpPort)
    {
        this.app = app;
        this.logger = logger;
        this.amqpPort = amqpPort;
    }

    /// <summary>The TCP port Kestrel listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The number of WebSocket upgrades accepted since the start.</summary>
    public long AcceptedConnections => Interlocked.Read(ref acceptedConnections);

    /// <summary>The number of requests rejected with an HTTP error status instead of an upgrade.</summary>
    public long RejectedRequests => Interlocked.Read(ref rejectedRequests);

    /// <summary>
    /// Starts Kestrel on a free port of 127.0.0.1, with TLS when <paramref name="certificate"/> is
    /// not null, relaying to the plain AMQP listener on <paramref name="amqpPort"/>.
    /// </summary>
    public static async Task<WebSocketRelay> StartAsync(X509Certificate2? certificate, int amqpPort, ILogger logger, CancellationToken cancellationToken = default)
    {
        // An empty builder reads no configuration and adds no logging provider, so neither
        // ASPNETCORE_URLS nor a request log can take effect.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate });
                }
            }));

        WebApplication app = builder.Build();
        var relay = new WebSocketRelay(app, logger, amqpPort);

        app.UseWebSockets();
        app.Run(relay.HandleAsync);

        await app.StartAsync(cancellationToken);

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        relay.Port = new Uri(address).Port;

        return relay;
    }

    /// <summary>
    /// Stops Kestrel. Open relays are cancelled through the application's stopping token.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }

    private static bool IsRelayPath(PathString path)
    {
        return path.Equals(RequestPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(RequestPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!IsRelayPath(context.Request.Path))
        {
            Reject(context, StatusCodes.Status404NotFound, "the path is not " + RequestPath);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            Reject(context, StatusCodes.Status400BadRequest, "the request is not a WebSocket upgrade");
            return;
        }

        string? subProtocol = context.WebSockets.WebSocketRequestedProtocols
            .FirstOrDefault(requested => SupportedSubProtocols.Contains(requested, StringComparer.OrdinalIgnoreCase));
        if (subProtocol is null)
        {
            Reject(context, StatusCodes.Status400BadRequest, "no supported subprotocol (amqp or AMQPWSB10) was requested");
            return;
        }

        using WebSocket webSocket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        Interlocked.Increment(ref acceptedConnections);
        Log.WebSocketAccepted(logger, subProtocol);

        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);

        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, amqpPort, cancellation.Token);
            NetworkStream stream = tcp.GetStream();

            Task upstream = CopyWebSocketToStreamAsync(webSocket, tcp, stream, cancellation.Token);
            Task downstream = CopyStreamToWebSocketAsync(stream, webSocket, cancellation.Token);

            // When either side ends, the other one has nothing left to talk to.
            Task first = await Task.WhenAny(upstream, downstream);
            await cancellation.CancelAsync();
            await WaitQuietlyAsync(first == upstream ? downstream : upstream);
            await first;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or WebSocketException)
        {
            Log.WebSocketRelayEnded(logger, exception.GetType().Name, exception.Message);
        }
        finally
        {
            if (webSocket.State is not WebSocketState.Closed)
            {
                webSocket.Abort();
            }
        }
    }

    /// <summary>
    /// Waits for the cancelled direction, whose cancellation or broken connection is expected once
    /// the other direction has ended.
    /// </summary>
    private static async Task WaitQuietlyAsync(Task cancelled)
    {
        try
        {
            await cancelled;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or WebSocketException)
        {
        }
    }

    private void Reject(HttpContext context, int statusCode, string reason)
    {
        Interlocked.Increment(ref rejectedRequests);
        Log.WebSocketRequestRejected(logger, statusCode, reason);
        context.Response.StatusCode = statusCode;
    }

    private static async Task CopyWebSocketToStreamAsync(WebSocket webSocket, TcpClient tcp, NetworkStream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];

        while (true)
        {
            ValueWebSocketReceiveResult received = await webSocket.ReceiveAsync(buffer.AsMemory(), cancellationToken);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                // The client ended the session: the AMQP listener reads the end of its input and
                // closes its side, which ends the other direction.
                tcp.Client.Shutdown(SocketShutdown.Send);
                await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            if (received.MessageType == WebSocketMessageType.Text)
            {
                await webSocket.CloseOutputAsync(WebSocketCloseStatus.InvalidMessageType, "AMQP needs binary messages", cancellationToken);
                return;
            }

            await stream.WriteAsync(buffer.AsMemory(0, received.Count), cancellationToken);
        }
    }

    private static async Task CopyStreamToWebSocketAsync(NetworkStream stream, WebSocket webSocket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];

        while (true)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken);

            if (read == 0)
            {
                if (webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                }

                return;
            }

            await webSocket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
    }
}
