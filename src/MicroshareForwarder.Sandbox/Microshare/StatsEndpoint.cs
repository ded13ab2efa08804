using System.Buffers;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary><c>GET /_sandbox/stats</c>: the record count and the per-hub counts of the configured <see cref="ISandboxStatsSource"/>. Needs no token.</summary>
internal sealed class StatsEndpoint(SimulatorState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        IReadOnlyDictionary<string, SandboxHubStats> hubs =
            state.StatsSource?.GetHubStats() ?? new Dictionary<string, SandboxHubStats>();

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("records", state.Records.Snapshot.Count);
            writer.WriteStartObject("hubs");
            foreach ((string name, SandboxHubStats stats) in hubs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                writer.WriteNumber("received", stats.Received);
                writer.WriteNumber("distinctIds", stats.DistinctIds);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, buffer.WrittenSpan.ToArray(), ResponseWriter.Json);
    }
}
