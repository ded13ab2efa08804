using System.Text.Json;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Reads the locations of a device cluster response, <c>GET /device/{recType}/{clusterId}</c>:
/// the first element of each device's <c>meta.location[]</c>, from clusters whose
/// <c>owner.org</c> matches the identity filter.
/// </summary>
internal static class DeviceClusterParser
{
    /// <summary>Returns the distinct building names in order of first appearance, and how many devices the filter skipped.</summary>
    public static (IReadOnlyList<string> Locations, int Skipped) ReadLocations(ReadOnlyMemory<byte> body, string? identity)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("objs", out var objs) || objs.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the response has no objs array");
        }

        var locations = new List<string>();
        var skipped = 0;
        foreach (var obj in objs.EnumerateArray())
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("devices", out var devices)
                || devices.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var matches = identity is null || string.Equals(ReadOwnerOrg(obj), identity, StringComparison.Ordinal);
            foreach (var device in devices.EnumerateArray())
            {
                if (!matches)
                {
                    skipped++;
                    continue;
                }

                if (ReadBuilding(device) is { } building && !locations.Contains(building, StringComparer.Ordinal))
                {
                    locations.Add(building);
                }
            }
        }

        return (locations, skipped);
    }

    /// <summary>Rewrites the start of <paramref name="location"/> with the longest matching key of <paramref name="prefixMap"/>.</summary>
    public static string MapPrefix(string location, IReadOnlyDictionary<string, string> prefixMap)
    {
        var match = prefixMap.Keys
            .Where(prefix => location.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(prefix => prefix.Length)
            .FirstOrDefault();
        return match is null ? location : prefixMap[match] + location[match.Length..];
    }

    private static string? ReadOwnerOrg(JsonElement obj)
    {
        return obj.TryGetProperty("owner", out var owner) && owner.ValueKind == JsonValueKind.Object
            && owner.TryGetProperty("org", out var org) && org.ValueKind == JsonValueKind.String
            ? org.GetString()
            : null;
    }

    private static string? ReadBuilding(JsonElement device)
    {
        if (device.ValueKind != JsonValueKind.Object || !device.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object
            || !meta.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Array
            || location.GetArrayLength() == 0)
        {
            return null;
        }

        var first = location[0];
        return first.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(first.GetString()) ? first.GetString() : null;
    }
}
