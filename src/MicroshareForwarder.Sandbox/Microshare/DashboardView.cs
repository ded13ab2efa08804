using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// The dashboard View on <c>io.microshare.fm.master.agg</c>: one obj per location with one
/// <c>line[]</c> entry per hour in [<c>from</c>, <c>to</c>], both inclusive, up to the clock's current hour.
/// </summary>
internal sealed class DashboardView(SimulatorState state)
{
    public const string RecType = "io.microshare.fm.master.agg";

    public const string HourlySnapshotRecType = "io.microshare.lake.snapshot.hourly";

    public const string PeopleCounterRecType = "io.microshare.peoplecounter.unpacked.event.agg";

    /// <summary>Parameters the View pipeline references. The API returns 503 when one is missing.</summary>
    private static readonly string[] RequiredParameters =
        ["recType", "from", "to", "field1", "field2", "field3", "field4", "field5", "field6"];

    public async Task HandleAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        MicroshareSimulatorOptions options = state.Options;

        if (!options.DashboardViewIds.Contains(query["id"].ToString()))
        {
            await SimulatorState.WriteNotFoundAsync(context);
            return;
        }

        if (query["dataContext"].Count != 1 || !IsJsonArray(query["dataContext"].ToString()))
        {
            await WriteUnresolvableAsync(context, "dataContext");
            return;
        }

        foreach (string name in RequiredParameters)
        {
            if (query[name].Count != 1)
            {
                await WriteUnresolvableAsync(context, name);
                return;
            }
        }

        if (!TimestampFormats.TryParseIso(query["from"], out DateTimeOffset from)
            || !TimestampFormats.TryParseIso(query["to"], out DateTimeOffset to))
        {
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, "from and to must be ISO-8601 times");
            return;
        }

        string recType = query["recType"].ToString();
        string? building = query["loc1"].Count == 1 ? query["loc1"].ToString() : null;
        var series = new DashboardSeries(state, query["category"].FirstOrDefault() ?? "space", query["metric"].FirstOrDefault() ?? "occupancy");

        IReadOnlyList<byte[]> objs = recType switch
        {
            HourlySnapshotRecType => series.Write(from, to, building, peopleCounter: false),
            PeopleCounterRecType => series.Write(from, to, building, peopleCounter: true),
            _ => [],
        };

        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, Envelope.WriteSinglePage(objs), ResponseWriter.Json);
    }

    /// <summary>
    /// Writes the 503 the API returns when a View parameter cannot be filled in.
    /// NOTE: only "unresolvable property" is known from the real text; the rest of the wording is made up.
    /// </summary>
    public static Task WriteUnresolvableAsync(HttpContext context, string name) =>
        ResponseWriter.WriteTextAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            $"View execution failed: unresolvable property ${{{name}}}");

    private static bool IsJsonArray(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);

            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
