namespace MicroshareForwarder.Sandbox.EventHubs;

/// <summary>
/// A failure that <see cref="EventHubsEndpoint"/> injects so that callers can see how the
/// Azure Event Hubs SDK reports it.
/// </summary>
public enum EventHubsFault
{
    /// <summary>The endpoint accepts tokens, links and deliveries.</summary>
    None,

    /// <summary>
    /// The endpoint replies with status 401 to every <c>$cbs</c> put-token and <c>$management</c> request
    /// and rejects deliveries with <c>amqp:unauthorized-access</c>, which is how a missing
    /// "Data Sender" role looks on the wire.
    /// </summary>
    Unauthorized,

    /// <summary>
    /// The endpoint rejects producer links to every hub with <c>amqp:not-found</c> and replies with
    /// status 404 to <c>$management</c> reads.
    /// </summary>
    UnknownHub,

    /// <summary>The endpoint rejects deliveries with <c>com.microsoft:server-busy</c>.</summary>
    ServerBusy,
}
