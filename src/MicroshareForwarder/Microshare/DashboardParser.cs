using System.Runtime.InteropServices;
using System.Text.Json;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Parses a dashboard View result, <c>{"objs": [{"data": {"_id": {"tags": [...]}, "line": [...]}}]}</c>,
/// into its <c>line[]</c> entries. Each entry keeps its bytes exactly as served.
/// </summary>
internal static class DashboardParser
{
    /// <summary>Returns every entry of every obj; throws <see cref="JsonException"/> when the body is not a complete envelope.</summary>
    public static IReadOnlyList<DashboardEntry> Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("objs", out var objs) || objs.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the response has no objs array");
        }

        var entries = new List<DashboardEntry>();
        foreach (var obj in objs.EnumerateArray())
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var tags = ReadTags(data);
            if (!data.TryGetProperty("line", out var line) || line.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var entry in line.EnumerateArray())
            {
                entries.Add(new DashboardEntry(tags, ReadTime(entry), JsonMarshal.GetRawUtf8Value(entry).ToArray()));
            }
        }

        return entries;
    }

    private static IReadOnlyList<string> ReadTags(JsonElement data)
    {
        if (!data.TryGetProperty("_id", out var id) || id.ValueKind != JsonValueKind.Object
            || !id.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return tags.EnumerateArray()
            .Select(tag => tag.ValueKind == JsonValueKind.String ? tag.GetString()! : tag.GetRawText())
            .ToList();
    }

    private static DateTimeOffset? ReadTime(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("time", out var time))
        {
            return null;
        }

        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(time));
        reader.Read();
        return MicroshareTimestamp.TryRead(ref reader, out var timestamp) ? timestamp : null;
    }
}
