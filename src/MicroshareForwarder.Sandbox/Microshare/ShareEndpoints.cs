using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// <c>GET /share/{recType}</c>: record pages, and Views when the request carries an <c>id</c>
/// (the dashboard View on <c>io.microshare.fm.master.agg</c>, a range View on any other type).
/// </summary>
internal sealed class ShareEndpoints(SimulatorState state, DashboardView dashboard)
{
    public async Task HandleAsync(HttpContext context)
    {
        string recType = (string)context.Request.RouteValues["recType"]!;
        IQueryCollection query = context.Request.Query;

        if (!state.IsAuthorized(context))
        {
            await state.WriteUnauthorizedAsync(context);
            return;
        }

        if (query.ContainsKey("id"))
        {
            if (recType == DashboardView.RecType)
            {
                await dashboard.HandleAsync(context);
            }
            else
            {
                await HandleRangeViewAsync(context, recType);
            }

            return;
        }

        await HandlePageAsync(context, recType);
    }

    /// <summary>Reads the <c>page</c> parameter: 1 when absent, null when it is not a positive integer.</summary>
    public static int? ParsePage(IQueryCollection query) =>
        ParsePositive(query["page"], defaultValue: 1);

    private async Task HandlePageAsync(HttpContext context, string recType)
    {
        IQueryCollection query = context.Request.Query;
        MicroshareSimulatorOptions options = state.Options;

        int? page = ParsePage(query);
        int? perPage = ParsePositive(query["perPage"], defaultValue: 999);
        if (page is null || perPage is null)
        {
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, "page and perPage must be positive integers");
            return;
        }

        bool details = string.Equals(query["details"], "true", StringComparison.OrdinalIgnoreCase);
        bool descending = IsDescending(query["sort"]);
        IReadOnlyList<StoredRecord> records = recType == options.RecType ? state.Records.Snapshot : [];

        PageLayout layout = PageLayout.Compute(records.Count, page.Value, perPage.Value, options);
        var objs = new List<byte[]>(layout.Count);
        for (int i = layout.Start; i < layout.Start + layout.Count; i++)
        {
            StoredRecord record = descending ? records[records.Count - 1 - i] : records[i];
            objs.Add(details ? record.Public.Json : record.SummaryJson);
        }

        byte[] body = Envelope.Write(objs, layout.TotalPages, page.Value, perPage.Value, layout.TotalCount, includeMeta: !options.OmitMeta);
        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, body, ResponseWriter.Json);
    }

    /// <summary>
    /// Runs a range View: records of the configured type whose <c>tstamp</c> lies in
    /// [<c>from</c>, <c>to</c>], at most the newest <see cref="MicroshareSimulatorOptions.ViewRecordLimit"/>,
    /// newest first, shaped like published View results.
    /// </summary>
    private async Task HandleRangeViewAsync(HttpContext context, string viewRecType)
    {
        IQueryCollection query = context.Request.Query;
        MicroshareSimulatorOptions options = state.Options;

        if (!options.RangeViewIds.Contains(query["id"].ToString()))
        {
            await SimulatorState.WriteNotFoundAsync(context);
            return;
        }

        foreach (string name in (string[])["from", "to"])
        {
            if (query[name].Count != 1)
            {
                await DashboardView.WriteUnresolvableAsync(context, name);
                return;
            }
        }

        if (!TimestampFormats.TryParseIso(query["from"], out DateTimeOffset from)
            || !TimestampFormats.TryParseIso(query["to"], out DateTimeOffset to))
        {
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, "from and to must be ISO-8601 times");
            return;
        }

        IReadOnlyList<StoredRecord> records = state.Records.Snapshot;
        var objs = new List<byte[]>();
        for (int i = records.Count - 1; i >= 0 && objs.Count < options.ViewRecordLimit; i--)
        {
            DateTimeOffset tstamp = records[i].Public.Tstamp;
            if (tstamp >= from && tstamp <= to)
            {
                objs.Add(WriteViewObj(records[i], viewRecType));
            }
        }

        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, Envelope.WriteSinglePage(objs), ResponseWriter.Json);
    }

    private byte[] WriteViewObj(StoredRecord record, string viewRecType)
    {
        var buffer = new ArrayBufferWriter<byte>(record.DataJson.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("desc", $"Derived from {state.Options.RecType}");
            writer.WriteString("name", "Derived Data");
            writer.WriteString("url", $"/share/{viewRecType}");
            writer.WriteString("_id", record.Public.Id);
            writer.WriteStartArray("tags");
            foreach (string tag in record.Tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("data");
            writer.WriteRawValue(record.DataJson, skipInputValidation: true);
            writer.WriteString("id", record.Public.Id);
            writer.WriteString("tstamp", TimestampFormats.TwelveHour(record.Public.Tstamp));
            writer.WriteString("recType", viewRecType);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads the first field of <c>sort</c>: a <c>-</c> prefix sorts newest first. Ascending
    /// <c>tstamp</c>, unknown fields and no sort all give insertion order, which is also ascending
    /// <c>tstamp</c> here because records are only ever appended with newer timestamps.
    /// </summary>
    private static bool IsDescending(StringValues sort)
    {
        string first = sort.ToString().Split(',', StringSplitOptions.TrimEntries)[0];

        return first is "-tstamp" or "-createDate" or "-updateDate" or "-_id" or "-id";
    }

    private static int? ParsePositive(StringValues values, int defaultValue)
    {
        if (values.Count == 0)
        {
            return defaultValue;
        }

        return int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : null;
    }
}
