using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// AMQP error conditions that the endpoint sends, as the Event Hubs service spells them.
/// </summary>
internal static class AmqpConditions
{
    public static readonly Symbol NotFound = new("amqp:not-found");

    public static readonly Symbol NotImplemented = new("amqp:not-implemented");

    public static readonly Symbol UnauthorizedAccess = new("amqp:unauthorized-access");

    public static readonly Symbol MessageSizeExceeded = new("amqp:link:message-size-exceeded");

    public static readonly Symbol DecodeError = new("amqp:decode-error");

    public static readonly Symbol ServerBusy = new("com.microsoft:server-busy");
}
