using System.Text.Json;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Parses a Microshare envelope (<c>{"meta": {...}, "objs": [...]}</c>) without building a
/// document: each record is a slice of the response buffer, so its bytes are forwarded
/// exactly as served and never re-serialised.
/// </summary>
internal static class SharePageParser
{
    /// <summary>Parses <paramref name="body"/>; throws <see cref="JsonException"/> when it is not a complete envelope.</summary>
    public static SharePage Parse(int pageNumber, ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        PageMeta? meta = null;
        var records = new List<ShareRecord>();
        var sawObjs = false;

        Expect(ref reader, JsonTokenType.StartObject, "the response is not a JSON object");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isMeta = reader.ValueTextEquals("meta");
            var isObjs = reader.ValueTextEquals("objs");
            reader.Read();

            if (isMeta && reader.TokenType == JsonTokenType.StartObject)
            {
                meta = ReadMeta(ref reader);
            }
            else if (isObjs && reader.TokenType == JsonTokenType.StartArray)
            {
                sawObjs = true;
                ReadRecords(ref reader, body, records);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0)
        {
            throw new JsonException("the response ends before the envelope closes");
        }

        if (!sawObjs)
        {
            throw new JsonException("the response has no objs array");
        }

        return new SharePage(pageNumber, meta, records, body.Length);
    }

    private static void ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, List<ShareRecord> records)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"objs holds a {reader.TokenType} where a record object was expected");
            }

            var start = (int)reader.TokenStartIndex;
            var record = ReadRecordFields(ref reader);
            var end = (int)reader.BytesConsumed;
            records.Add(record with { Json = body[start..end] });
        }
    }

    private static ShareRecord ReadRecordFields(ref Utf8JsonReader reader)
    {
        string? id = null;
        string? legacyId = null;
        string? recType = null;
        DateTimeOffset? tstamp = null;
        DateTimeOffset? createDate = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueTextEquals("id") ? "id"
                : reader.ValueTextEquals("_id") ? "_id"
                : reader.ValueTextEquals("recType") ? "recType"
                : reader.ValueTextEquals("tstamp") ? "tstamp"
                : reader.ValueTextEquals("createDate") ? "createDate"
                : null;
            reader.Read();

            switch (name)
            {
                case "id" when reader.TokenType == JsonTokenType.String:
                    id = reader.GetString();
                    break;
                case "_id":
                    legacyId = ReadLegacyId(ref reader);
                    break;
                case "recType" when reader.TokenType == JsonTokenType.String:
                    recType = reader.GetString();
                    break;
                case "tstamp":
                    tstamp = ReadTimestamp(ref reader);
                    break;
                case "createDate":
                    createDate = ReadTimestamp(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var recordId = string.IsNullOrEmpty(id) ? legacyId : id;
        return new ShareRecord(string.IsNullOrEmpty(recordId) ? null : recordId, recType, tstamp ?? createDate, ReadOnlyMemory<byte>.Empty);
    }

    private static string? ReadLegacyId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? oid = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isOid = reader.ValueTextEquals("$oid");
            reader.Read();
            if (isOid && reader.TokenType == JsonTokenType.String)
            {
                oid = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return oid;
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var parsed = MicroshareTimestamp.TryRead(ref reader, out var timestamp);
        return parsed ? timestamp : null;
    }

    private static PageMeta ReadMeta(ref Utf8JsonReader reader)
    {
        int? totalPages = null, currentPage = null, perPage = null, currentCount = null;
        long? totalCount = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            switch (name)
            {
                case "totalPages" when reader.TryGetInt32(out var value):
                    totalPages = value;
                    break;
                case "currentPage" when reader.TryGetInt32(out var value):
                    currentPage = value;
                    break;
                case "perPage" when reader.TryGetInt32(out var value):
                    perPage = value;
                    break;
                case "totalCount" when reader.TryGetInt64(out var value):
                    totalCount = value;
                    break;
                case "currentCount" when reader.TryGetInt32(out var value):
                    currentCount = value;
                    break;
            }
        }

        return new PageMeta(totalPages, currentPage, perPage, totalCount, currentCount);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType tokenType, string problem)
    {
        if (!reader.Read() || reader.TokenType != tokenType)
        {
            throw new JsonException(problem);
        }
    }
}
