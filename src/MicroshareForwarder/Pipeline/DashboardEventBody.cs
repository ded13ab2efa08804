using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Writes the body of a dashboard event:
/// <c>{"recType": "...", "locationTags": [...], "periodStart": "...", "periodEnd": "...", "revision": n, "entry": {...}}</c>,
/// where <c>entry</c> is the <c>line[]</c> entry's bytes unchanged and <c>revision</c> appears only on revisions.
/// </summary>
internal static class DashboardEventBody
{
    public static byte[] Write(string recType, IReadOnlyList<string> tags, DateTimeOffset periodStart, DateTimeOffset periodEnd, int revision, ReadOnlySpan<byte> entry)
    {
        var buffer = new ArrayBufferWriter<byte>(entry.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("recType", recType);
            writer.WriteStartArray("locationTags");
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteString("periodStart", Format(periodStart));
            writer.WriteString("periodEnd", Format(periodEnd));
            if (revision > 0)
            {
                writer.WriteNumber("revision", revision);
            }

            writer.WritePropertyName("entry");
            writer.WriteRawValue(entry, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Format(DateTimeOffset time)
    {
        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
