using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// Log events of the loopback Event Hubs endpoint. Tokens and event bodies are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, EventName = "EventHubsEndpointStarted", Level = LogLevel.Information,
        Message = "Event Hubs endpoint listening on {Host}:{Port} (TLS: {UseTls}) with {HubCount} hubs of {PartitionCount} partitions")]
    public static partial void EndpointStarted(ILogger logger, string host, int port, bool useTls, int hubCount, int partitionCount);

    [LoggerMessage(EventId = 3101, EventName = "EventHubsEndpointStopped", Level = LogLevel.Information,
        Message = "Event Hubs endpoint on port {Port} stopped")]
    public static partial void EndpointStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 3102, EventName = "EventHubsFaultSet", Level = LogLevel.Information,
        Message = "Event Hubs endpoint fault set to {Fault} for {DurationSeconds} s")]
    public static partial void FaultSet(ILogger logger, EventHubsFault fault, double durationSeconds);

    [LoggerMessage(EventId = 3103, EventName = "EventHubsLinkRejected", Level = LogLevel.Warning,
        Message = "Event Hubs endpoint rejected a link with {Condition}")]
    public static partial void LinkRejected(ILogger logger, string condition);

    [LoggerMessage(EventId = 3104, EventName = "EventHubsDeliveryRejected", Level = LogLevel.Debug,
        Message = "Event Hubs endpoint rejected a delivery to hub {Hub} with {Condition}")]
    public static partial void DeliveryRejected(ILogger logger, string hub, string condition);

    [LoggerMessage(EventId = 3105, EventName = "EventHubsTokenRejected", Level = LogLevel.Debug,
        Message = "Event Hubs endpoint rejected a put-token request of type {TokenType} with status 401")]
    public static partial void TokenRejected(ILogger logger, string tokenType);

    [LoggerMessage(EventId = 3106, EventName = "EventHubsRequestRejected", Level = LogLevel.Debug,
        Message = "Event Hubs endpoint replied to a {Node} request with status {StatusCode}")]
    public static partial void RequestRejected(ILogger logger, string node, int statusCode);

    [LoggerMessage(EventId = 3150, EventName = "EventHubsWebSocketListenerStarted", Level = LogLevel.Information,
        Message = "Event Hubs endpoint accepts AMQP over WebSockets on {Host}:{Port} (TLS: {UseTls}) and relays to AMQP port {AmqpPort}")]
    public static partial void WebSocketListenerStarted(ILogger logger, string host, int port, bool useTls, int amqpPort);

    [LoggerMessage(EventId = 3151, EventName = "EventHubsWebSocketAccepted", Level = LogLevel.Debug,
        Message = "Event Hubs endpoint accepted a WebSocket with subprotocol {SubProtocol}")]
    public static partial void WebSocketAccepted(ILogger logger, string subProtocol);

    [LoggerMessage(EventId = 3152, EventName = "EventHubsWebSocketRejected", Level = LogLevel.Warning,
        Message = "Event Hubs endpoint answered a WebSocket request with status {StatusCode} because {Reason}")]
    public static partial void WebSocketRequestRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 3153, EventName = "EventHubsWebSocketRelayEnded", Level = LogLevel.Debug,
        Message = "Event Hubs endpoint WebSocket relay ended with {ExceptionType}: {ExceptionMessage}")]
    public static partial void WebSocketRelayEnded(ILogger logger, string exceptionType, string exceptionMessage);
}
