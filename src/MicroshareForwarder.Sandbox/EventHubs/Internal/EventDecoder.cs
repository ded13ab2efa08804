using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// Splits a delivery into events. A batch is one message of format <see cref="BatchFormat"/> whose
/// body is a list of data sections, each an encoded AMQP message. Any other message is one event.
/// </summary>
internal static class EventDecoder
{
    /// <summary>The message format of an Event Hubs batch (Microsoft vendor range).</summary>
    public const uint BatchFormat = 0x80013700;

    private static readonly Symbol PartitionKeyAnnotation = new("x-opt-partition-key");

    public static bool IsBatch(Message message)
    {
        return message.Format == BatchFormat;
    }

    /// <summary>
    /// Returns the encoded size in bytes of each item of a batch, from the data sections of the body.
    /// </summary>
    public static long[] GetBatchItemSizes(Message batch)
    {
        return GetDataSections(batch).Select(DataLength).ToArray();
    }

    /// <summary>
    /// Returns the encoded size of a message in bytes. It encodes the message again, because
    /// AMQPNetLite does not expose the size of the received transfer.
    /// </summary>
    public static long GetEncodedSize(Message message)
    {
        return message.Encode().Length;
    }

    /// <summary>
    /// Decodes the events of a delivery. The data sections may point into the transfer buffer,
    /// which AMQPNetLite releases when the delivery completes, so every byte is copied here.
    /// </summary>
    public static List<ReceivedEvent> Decode(Message message, string hub, string? partitionId, DateTimeOffset receivedAt)
    {
        if (!IsBatch(message))
        {
            return [ToEvent(message, hub, partitionId, receivedAt)];
        }

        var events = new List<ReceivedEvent>();
        foreach (Data item in GetDataSections(message))
        {
            byte[] encoded = item.Binary;
            Message inner = Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));
            events.Add(ToEvent(inner, hub, partitionId, receivedAt));
        }

        return events;
    }

    /// <summary>
    /// Returns the number of events in a delivery without decoding them.
    /// </summary>
    public static int CountEvents(Message message)
    {
        return IsBatch(message) ? GetDataSections(message).Count : 1;
    }

    private static List<Data> GetDataSections(Message message)
    {
        var sections = new List<Data>();

        switch (message.BodySection)
        {
            case Data data:
                sections.Add(data);
                break;

            case DataList list:
                for (int i = 0; i < list.Count; i++)
                {
                    sections.Add(list[i]);
                }

                break;
        }

        return sections;
    }

    private static long DataLength(Data data)
    {
        return data.Buffer is { } buffer ? buffer.Length : data.Binary.Length;
    }

    private static ReceivedEvent ToEvent(Message message, string hub, string? partitionId, DateTimeOffset receivedAt)
    {
        byte[] body = GetDataSections(message)
            .SelectMany(section => section.Binary)
            .ToArray();

        var applicationProperties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.ApplicationProperties?.Map is { } map)
        {
            foreach (KeyValuePair<object, object> entry in map)
            {
                applicationProperties[entry.Key.ToString() ?? string.Empty] = entry.Value;
            }
        }

        string? partitionKey = null;
        if (message.MessageAnnotations?.Map is { } annotations &&
            annotations.TryGetValue(PartitionKeyAnnotation, out object? key))
        {
            partitionKey = key?.ToString();
        }

        Properties? properties = message.Properties;
        string? messageId = properties?.GetMessageId()?.ToString();
        string? contentType = properties?.ContentType;

        return new ReceivedEvent(
            hub,
            partitionId,
            body,
            applicationProperties,
            messageId,
            contentType,
            partitionKey,
            receivedAt);
    }
}
