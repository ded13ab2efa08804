using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Hourly dashboard values per location: generated from the seed, or set through
/// <see cref="MicroshareSimulator.SetDashboardValue"/>, and written as dashboard View objs.
/// </summary>
internal sealed class DashboardSeries(SimulatorState state, string category, string metric)
{
    /// <summary>
    /// Writes one obj per location that has at least one hour in range, keeping only the newest
    /// <see cref="MicroshareSimulatorOptions.ViewRecordLimit"/> (hour, location) entries overall.
    /// </summary>
    public IReadOnlyList<byte[]> Write(DateTimeOffset from, DateTimeOffset to, string? building, bool peopleCounter)
    {
        MicroshareSimulatorOptions options = state.Options;
        DateTimeOffset first = CeilingHour(from);
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        DateTimeOffset last = FloorHour(to < now ? to : now);

        List<int> locations = Enumerable.Range(0, options.Locations.Count)
            .Where(index => building is null || options.Locations[index][0] == building)
            .ToList();

        var entries = new List<(DateTimeOffset Hour, int Location)>();
        for (DateTimeOffset hour = last; hour >= first && entries.Count < options.ViewRecordLimit; hour = hour.AddHours(-1))
        {
            foreach (int location in locations)
            {
                if (entries.Count == options.ViewRecordLimit)
                {
                    break;
                }

                entries.Add((hour, location));
            }
        }

        return entries
            .GroupBy(entry => entry.Location)
            .OrderBy(group => group.Key)
            .Select(group => WriteObj(group.Key, group.Select(entry => entry.Hour).Order().ToList(), peopleCounter))
            .ToList();
    }

    /// <summary>Returns the value of one location and hour: people who entered, or the occupancy count.</summary>
    public static int ValueAt(SimulatorState state, int location, DateTimeOffset hour) =>
        state.DashboardOverrides.TryGetValue((location, hour), out int value)
            ? value
            : (int)(DeterministicHash.Mix(state.Options.Seed, location, hour.ToUnixTimeSeconds() / 3600) % 11);

    private byte[] WriteObj(int location, List<DateTimeOffset> hours, bool peopleCounter)
    {
        IReadOnlyList<string> tags = state.Options.Locations[location];

        var buffer = new ArrayBufferWriter<byte>(256 + (hours.Count * 256));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteStartObject("_id");
            writer.WriteStartArray("tags");
            foreach (string tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteStartArray("line");
            foreach (DateTimeOffset hour in hours)
            {
                if (peopleCounter)
                {
                    WritePeopleCounterEntry(writer, location, hour, tags);
                }
                else
                {
                    WriteSnapshotEntry(writer, location, hour);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteSnapshotEntry(Utf8JsonWriter writer, int location, DateTimeOffset hour)
    {
        int value = ValueAt(state, location, hour);
        int delta = value - ValueAt(state, location, hour.AddHours(-1));

        writer.WriteStartObject();
        writer.WriteString("time", TimestampFormats.Iso(hour));
        writer.WriteString("category", category);
        writer.WriteString("metric", metric);
        writer.WriteStartObject("current");
        writer.WriteNumber("avg", value);
        writer.WriteNumber("count", 1);
        writer.WriteNumber("delta", delta);
        writer.WriteNumber("first", value);
        writer.WriteNumber("last", value);
        writer.WriteNumber("max", value);
        writer.WriteNumber("min", value);
        writer.WriteNumber("range", 0);
        writer.WriteNumber("sum", value);
        writer.WriteEndObject();
        writer.WriteStartObject("change");
        writer.WriteNumber("delta", delta);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a people-counter entry: the hour's value is the number of people who entered, half of
    /// them (rounded down) left, and daily totals restart at midnight UTC.
    /// </summary>
    private void WritePeopleCounterEntry(Utf8JsonWriter writer, int location, DateTimeOffset hour, IReadOnlyList<string> tags)
    {
        int entered = ValueAt(state, location, hour);
        int left = entered / 2;
        DateTimeOffset midnight = new(hour.UtcDateTime.Date, TimeSpan.Zero);

        int dailyIn = 0;
        int dailyOut = 0;
        for (DateTimeOffset current = midnight; current <= hour; current = current.AddHours(1))
        {
            int value = ValueAt(state, location, current);
            dailyIn += value;
            dailyOut += value / 2;
        }

        writer.WriteStartObject();
        writer.WriteString("time", TimestampFormats.Iso(hour));
        writer.WriteStartObject("daily_total");
        writer.WriteNumber("count", dailyIn - dailyOut);
        writer.WriteString("date", midnight.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteNumber("in", dailyIn);
        writer.WriteNumber("out", dailyOut);
        writer.WriteString("reset_time", TimestampFormats.Iso(midnight));
        writer.WriteString("timezone", "Etc/UTC");
        writer.WriteNumber("traffic", dailyIn + dailyOut);
        writer.WriteEndObject();
        writer.WriteStartObject("meta");
        writer.WriteStartArray("device");
        foreach (string tag in tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteString("timezone", "Etc/UTC");
        writer.WriteEndObject();
        writer.WriteStartObject("change");
        writer.WriteNumber("count", entered - left);
        writer.WriteNumber("in", entered);
        writer.WriteNumber("out", left);
        writer.WriteNumber("traffic", entered + left);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static DateTimeOffset FloorHour(DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;

        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static DateTimeOffset CeilingHour(DateTimeOffset time)
    {
        DateTimeOffset floor = FloorHour(time);

        return floor == time ? floor : floor.AddHours(1);
    }
}
