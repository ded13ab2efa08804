using System.Buffers;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Writes the <c>{"meta": {...}, "objs": [...]}</c> list envelope with record bytes copied unchanged.</summary>
internal static class Envelope
{
    public static byte[] Write(IReadOnlyList<byte[]> objs, long totalPages, int currentPage, int perPage, long totalCount, bool includeMeta = true)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + objs.Sum(obj => obj.Length + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();

            if (includeMeta)
            {
                writer.WriteStartObject("meta");
                writer.WriteNumber("totalPages", totalPages);
                writer.WriteNumber("currentPage", currentPage);
                writer.WriteNumber("perPage", perPage);
                writer.WriteNumber("totalCount", totalCount);
                writer.WriteNumber("currentCount", objs.Count);
                writer.WriteString("source", "db");
                writer.WriteEndObject();
            }

            writer.WriteStartArray("objs");
            foreach (byte[] obj in objs)
            {
                writer.WriteRawValue(obj, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a one-page envelope holding every obj, as View results come.</summary>
    public static byte[] WriteSinglePage(IReadOnlyList<byte[]> objs) =>
        Write(objs, totalPages: 1, currentPage: 1, perPage: 999, totalCount: objs.Count);
}
