using System.Globalization;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Parses durations written as a number with a unit (<c>500ms</c>, <c>90s</c>, <c>15m</c>,
/// <c>2h</c>, <c>30d</c>) or as a .NET <see cref="TimeSpan"/> (<c>01:30:00</c>).
/// </summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        var value = text.Trim();

        (string Suffix, Func<double, TimeSpan> Create)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds),
            ("s", TimeSpan.FromSeconds),
            ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours),
            ("d", TimeSpan.FromDays),
        ];

        foreach (var (suffix, create) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                duration = create(amount);
                return true;
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
