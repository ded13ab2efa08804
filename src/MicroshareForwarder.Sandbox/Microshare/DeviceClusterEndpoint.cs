using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary><c>GET /device/{recType}/{clusterId}</c>: one cluster listing a device per configured location.</summary>
internal sealed class DeviceClusterEndpoint(SimulatorState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        string recType = (string)context.Request.RouteValues["recType"]!;
        string clusterId = (string)context.Request.RouteValues["clusterId"]!;
        MicroshareSimulatorOptions options = state.Options;

        if (!state.IsAuthorized(context))
        {
            await state.WriteUnauthorizedAsync(context);
            return;
        }

        if (!options.DeviceClusterIds.Contains(clusterId))
        {
            await SimulatorState.WriteNotFoundAsync(context);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("meta");
            writer.WriteNumber("currentCount", 1);
            writer.WriteNumber("totalCount", 1);
            writer.WriteEndObject();

            writer.WriteStartArray("objs");
            writer.WriteStartObject();
            writer.WriteString("_id", ClusterRecordId(clusterId));
            writer.WriteStartObject("data");
            writer.WriteStartArray("devices");
            for (int i = 0; i < options.Locations.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("id", SimulatedDevices.DeviceId(i));
                writer.WriteStartObject("meta");
                writer.WriteStartArray("location");
                foreach (string tag in options.Locations[i])
                {
                    writer.WriteStringValue(tag);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("targetRecType", options.RecType);
            writer.WriteEndObject();

            writer.WriteStartObject("owner");
            writer.WriteString("appid", "00000000-0000-0000-0000-000000000000");
            writer.WriteString("org", options.OwnerOrg);
            writer.WriteString("user", "user@example.com");
            writer.WriteEndObject();
            writer.WriteString("recType", recType);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, buffer.WrittenSpan.ToArray(), ResponseWriter.Json);
    }

    private string ClusterRecordId(string clusterId)
    {
        ulong hash = DeterministicHash.Mix(state.Options.Seed, clusterId.Length, 0);
        foreach (char c in clusterId)
        {
            hash = DeterministicHash.Mix(state.Options.Seed, (long)hash, c);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{hash:x16}{(uint)(hash >> 13):x8}");
    }
}
