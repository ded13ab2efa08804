using System.Globalization;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Text forms of timestamps found in Microshare payloads.</summary>
internal static class TimestampFormats
{
    /// <summary>Formats an ISO-8601 UTC time with milliseconds, such as <c>2023-10-02T13:28:33.029Z</c>.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats the 12-hour UTC form used by <c>details=false</c> pages and Views, such as <c>05/23/2017 01:08:35:141 AM</c>.</summary>
    public static string TwelveHour(DateTimeOffset time) =>
        time.UtcDateTime.ToString("MM/dd/yyyy hh:mm:ss:fff tt", CultureInfo.InvariantCulture);

    /// <summary>Parses a View's <c>from</c> or <c>to</c> parameter as a UTC time.</summary>
    public static bool TryParseIso(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);
}
