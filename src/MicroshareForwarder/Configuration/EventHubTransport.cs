namespace MicroshareForwarder.Configuration;

/// <summary>The transport the Event Hubs client uses.</summary>
internal enum EventHubTransport
{
    /// <summary>AMQP over WebSockets on TCP 443, which passes firewalls that open only HTTPS.</summary>
    WebSockets,

    /// <summary>Plain AMQP on TCP 5671.</summary>
    Amqp,
}
