using System.Globalization;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Cli;

/// <summary>
/// Parses a point in time given on the command line: an ISO 8601 date or date and time
/// (<c>2025-03-01</c>, <c>2025-03-01T06:00:00Z</c>; no offset means UTC), or a duration
/// before now (<c>7d</c>, <c>36h</c>).
/// </summary>
internal static class TimeArgument
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }

        if (DurationParser.TryParse(text, out var ago) && !text.Contains(':', StringComparison.Ordinal))
        {
            time = now - ago;
            return true;
        }

        return false;
    }
}
