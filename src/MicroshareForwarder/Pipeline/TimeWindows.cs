namespace MicroshareForwarder.Pipeline;

/// <summary>Splits a time range into consecutive windows no longer than a maximum.</summary>
internal static class TimeWindows
{
    /// <summary>
    /// Returns windows that cover [<paramref name="from"/>, <paramref name="to"/>]; each ends where
    /// the next starts, because Microshare treats both ends of a View range as inclusive and the
    /// feed deduplicates what the shared instant returns twice.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Split(DateTimeOffset from, DateTimeOffset to, TimeSpan maximum)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var start = from; start < to; start += maximum)
        {
            var end = start + maximum < to ? start + maximum : to;
            windows.Add((start, end));
        }

        return windows;
    }

    /// <summary>Rounds <paramref name="time"/> down to a whole multiple of <paramref name="period"/> since the Unix epoch.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan period)
    {
        var ticks = time.UtcTicks - (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % period.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
