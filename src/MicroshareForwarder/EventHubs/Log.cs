using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.EventHubs;

/// <summary>Log messages of the Event Hubs publisher. They carry counts, sizes and event ids, never bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Sent a batch of {EventCount} events ({SizeBytes} bytes) to {Destination} in {ElapsedMilliseconds} ms")]
    public static partial void BatchSent(ILogger logger, int eventCount, long sizeBytes, string destination, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Event {EventId} of feed {Feed} (body {SizeBytes} bytes, plus its properties and AMQP envelope) does not fit the {MaximumSizeBytes}-byte limit of {Destination}; it was quarantined")]
    public static partial void EventTooLarge(ILogger logger, string eventId, string feed, int sizeBytes, string destination, long maximumSizeBytes);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "{Destination} is reached with a SAS connection string, which bypasses Azure AD role-based access control; prefer EVENTHUB_AUTH=managed-identity or a service principal with the 'Azure Event Hubs Data Sender' role")]
    public static partial void ConnectionStringInUse(ILogger logger, string destination);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Sending to {Destination} failed ({Reason}); {EventCount} events stay in the outbox for the next run")]
    public static partial void SendFailed(ILogger logger, string destination, string reason, int eventCount);
}
