using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Reads the timestamp encodings found in Microshare payloads: ISO-8601 strings (with or
/// without milliseconds and offsets), epoch milliseconds as a number or a digit string,
/// MongoDB extended JSON (<c>{"$numberLong": "..."}</c>, <c>{"$date": ...}</c>), and the
/// 12-hour <c>MM/dd/yyyy hh:mm:ss:fff tt</c> string, which carries no zone and is UTC.
/// </summary>
internal static class MicroshareTimestamp
{
    private static readonly string[] TwelveHourFormats =
    [
        "MM/dd/yyyy hh:mm:ss:fff tt",
        "M/d/yyyy h:mm:ss:fff tt",
        "MM/dd/yyyy hh:mm:ss tt",
    ];

    /// <summary>
    /// Parses the JSON value at the reader's current token and leaves the reader on the
    /// value's last token. Returns false, without throwing, for anything unparsable.
    /// </summary>
    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset timestamp)
    {
        timestamp = default;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var milliseconds) && TryFromEpochMilliseconds(milliseconds, out timestamp);

            case JsonTokenType.String:
                return TryParse(reader.GetString(), out timestamp);

            case JsonTokenType.StartObject:
                return TryReadExtendedJson(ref reader, out timestamp);

            default:
                return false;
        }
    }

    /// <summary>Parses a timestamp written as text.</summary>
    public static bool TryParse(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value.All(char.IsAsciiDigit))
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                && TryFromEpochMilliseconds(milliseconds, out timestamp);
        }

        if (DateTimeOffset.TryParseExact(value, TwelveHourFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            return true;
        }

        // ISO-8601 needs at least a date and a time; a date alone names a day, not an instant.
        if (value.Length < 16 || value[4] != '-' || (value[10] != 'T' && value[10] != ' '))
        {
            return false;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    private static bool TryReadExtendedJson(ref Utf8JsonReader reader, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var found = false;
        var depth = reader.CurrentDepth;

        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var isDate = reader.ValueTextEquals("$date");
            var isNumberLong = reader.ValueTextEquals("$numberLong");
            reader.Read();

            if ((isDate || isNumberLong) && !found)
            {
                found = TryRead(ref reader, out timestamp);
                if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }

    private static bool TryFromEpochMilliseconds(long milliseconds, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
