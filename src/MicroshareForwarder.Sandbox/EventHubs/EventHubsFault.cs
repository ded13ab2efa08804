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
    /// The endpoint answers every <c>$cbs</c> put-token and <c>$management</c> request with status 401
    /// and rejects deliveries with <c>amqp:unauthorized-access</c>, which is how a missing
    /// "Data Sender" role looks on the wire.
    /// </summary>
    Unauthorized,

    /// <summary>
    /// The endpoint refuses producer links to every hub with <c>amqp:not-found</c> and answers
    /// <c>$management</c> reads with status 404.
    /// </summary>
    UnknownHub,

    /// <summary>The endpoint rejects deliveries with <c>com.microsoft:server-busy</c>.</summary>
    ServerBusy,
}
