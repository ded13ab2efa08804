namespace MicroshareForwarder.Pipeline;

/// <summary>
/// A day-sized part of a backfill range: records with <see cref="Start"/> &lt;= time &lt;
/// <see cref="End"/>, and time = <see cref="End"/> too for the last window, so the range's
/// upper bound is included. Progress is saved per window.
/// </summary>
internal sealed record BackfillWindow(int Index, DateTimeOffset Start, DateTimeOffset End)
{
    public static readonly TimeSpan Size = TimeSpan.FromDays(1);

    /// <summary>Splits [<paramref name="from"/>, <paramref name="to"/>] into windows of <see cref="Size"/>, oldest first; the last may be shorter.</summary>
    public static IReadOnlyList<BackfillWindow> Split(DateTimeOffset from, DateTimeOffset to)
    {
        var windows = new List<BackfillWindow>();
        var start = from;
        do
        {
            var end = start + Size < to ? start + Size : to;
            windows.Add(new BackfillWindow(windows.Count, start, end));
            start = end;
        }
        while (start < to);

        return windows;
    }

    /// <summary>Returns the index of the window that contains <paramref name="time"/>, or -1 when it lies outside the range.</summary>
    public static int IndexOf(IReadOnlyList<BackfillWindow> windows, DateTimeOffset time)
    {
        if (time < windows[0].Start || time > windows[^1].End)
        {
            return -1;
        }

        var index = (int)((time - windows[0].Start).Ticks / Size.Ticks);
        return Math.Min(index, windows.Count - 1);
    }
}
