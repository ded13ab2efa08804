using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.EventHubs;

/// <summary>
/// Encodes an outbox event in the two CloudEvents 1.0 content modes of the AMQP binding:
/// binary (attributes as application properties, body unchanged) and structured (one JSON
/// envelope whose <c>data</c> member contains the record's JSON bytes unchanged).
/// </summary>
internal static class CloudEventEncoder
{
    public const string StructuredContentType = "application/cloudevents+json";

    public static EventData ToBinary(OutboxEvent item)
    {
        var eventData = new EventData(item.Body)
        {
            ContentType = CloudEventProperties.JsonContentType,
            MessageId = item.EventId,
        };
        eventData.Properties[CloudEventProperties.Id] = item.EventId;
        eventData.Properties[CloudEventProperties.Source] = item.Source;
        eventData.Properties[CloudEventProperties.Type] = item.EventType;
        eventData.Properties[CloudEventProperties.Time] = FormatTime(item.Time);
        eventData.Properties[CloudEventProperties.SpecVersion] = CloudEventProperties.SpecVersionValue;
        if (item.Subject is { } subject)
        {
            eventData.Properties[CloudEventProperties.Subject] = subject;
        }

        if (item.Revision is { } revision)
        {
            eventData.Properties[CloudEventProperties.Revision] = revision;
        }

        return eventData;
    }

    public static EventData ToStructured(OutboxEvent item)
    {
        var buffer = new ArrayBufferWriter<byte>(item.Body.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", CloudEventProperties.SpecVersionValue);
            writer.WriteString("id", item.EventId);
            writer.WriteString("source", item.Source);
            writer.WriteString("type", item.EventType);
            writer.WriteString("time", FormatTime(item.Time));
            if (item.Subject is { } subject)
            {
                writer.WriteString("subject", subject);
            }

            if (item.Revision is { } revision)
            {
                writer.WriteNumber("revision", revision);
            }

            writer.WriteString("datacontenttype", CloudEventProperties.JsonContentType);
            writer.WritePropertyName("data");

            // The record was validated as JSON when the page was parsed; writing it raw keeps its bytes.
            writer.WriteRawValue(item.Body.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return new EventData(buffer.WrittenMemory)
        {
            ContentType = StructuredContentType,
            MessageId = item.EventId,
        };
    }

    private static string FormatTime(DateTimeOffset time)
    {
        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
