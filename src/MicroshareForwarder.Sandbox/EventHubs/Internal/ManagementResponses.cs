using Amqp;
using Amqp.Framing;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// Builds replies of the <c>$cbs</c> and <c>$management</c> nodes.
/// </summary>
internal static class ManagementResponses
{
    /// <summary>
    /// Returns a reply with <c>status-code</c> as a 32-bit integer, because the SDK casts it to <see cref="int"/>.
    /// </summary>
    public static Message Status(int statusCode, string description, object? body = null)
    {
        var properties = new ApplicationProperties();
        properties["status-code"] = statusCode;
        properties["status-description"] = description;

        var message = new Message { ApplicationProperties = properties };
        if (body is not null)
        {
            message.BodySection = new AmqpValue { Value = body };
        }

        return message;
    }
}
