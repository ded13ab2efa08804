using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Generates records shaped like published Microshare payloads: modern encoding by default, legacy
/// extended JSON and 12-hour <c>tstamp</c> strings in the configured fractions. Not thread-safe:
/// <see cref="RecordStore"/> calls it under its lock.
/// </summary>
internal sealed class RecordGenerator
{
    private const string CreatorId = "user@example.com";

    private readonly MicroshareSimulatorOptions _options;

    private readonly Random _random;

    private readonly string _machinePart;

    private int _sequence;

    public RecordGenerator(MicroshareSimulatorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _machinePart = Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64())[..5]);
    }

    /// <summary>Creates the next record, stamped with <paramref name="tstamp"/> truncated to the millisecond.</summary>
    public StoredRecord Create(DateTimeOffset tstamp)
    {
        tstamp = DateTimeOffset.FromUnixTimeMilliseconds(tstamp.ToUnixTimeMilliseconds());
        int sequence = _sequence++;
        int locationIndex = _random.Next(_options.Locations.Count);
        bool legacy = _random.NextDouble() < _options.LegacyRecordFraction;
        bool twelveHour = _random.NextDouble() < _options.TwelveHourTstampFraction;

        string id = string.Create(
            CultureInfo.InvariantCulture,
            $"{(uint)tstamp.ToUnixTimeSeconds():x8}{_machinePart}{sequence & 0xFFFFFF:x6}");
        IReadOnlyList<string> location = _options.Locations[locationIndex];
        List<string> tags = [.. SimulatedDevices.GlobalTags, .. location];

        byte[] data = WriteData(tstamp, locationIndex, location);
        string checksum = string.Create(
            CultureInfo.InvariantCulture,
            $"{Convert.ToHexString(SHA256.HashData(data))}L{data.Length}");

        byte[] json = WriteRecord(id, tstamp, tags, data, checksum, legacy, twelveHour);
        byte[] summary = WriteSummary(id, tstamp, tags, legacy);

        return new StoredRecord(new SimulatedRecord(id, tstamp, json), summary, data, tags);
    }

    private byte[] WriteRecord(
        string id,
        DateTimeOffset tstamp,
        List<string> tags,
        byte[] data,
        string checksum,
        bool legacy,
        bool twelveHour)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            long millis = tstamp.ToUnixTimeMilliseconds();

            writer.WriteStartObject();
            WriteId(writer, "_id", id, legacy);
            writer.WriteString("checksum", checksum);
            WriteDate(writer, "createDate", tstamp, legacy ? "$date" : null);
            writer.WriteString("creatorId", CreatorId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(data, skipInputValidation: true);
            writer.WriteString("desc", "");
            writer.WriteString("id", id);
            writer.WriteString("name", "");

            writer.WriteStartObject("origin");
            writer.WriteString("checksum", checksum);
            WriteDate(writer, "createDate", tstamp, legacy ? "$numberLong" : null);
            writer.WriteString("creatorId", CreatorId);
            writer.WriteString("desc", $"Record of Type {_options.RecType}");
            writer.WriteString("id", id);
            writer.WriteString("name", _options.RecType);
            writer.WriteString("remoteAddress", "203.0.113.35");
            writer.WriteStartObject("tokendata");
            writer.WriteString("id", "00000000-0000-0000-0000-000000000001");
            writer.WriteString("ip", "203.0.113.114");
            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartObject("owner");
            writer.WriteString("appid", "00000000-0000-0000-0000-000000000000");
            writer.WriteString("org", _options.OwnerOrg);
            writer.WriteStartArray("owners");
            writer.WriteEndArray();
            writer.WriteString("user", CreatorId);
            writer.WriteEndObject();

            writer.WriteString("recType", _options.RecType);
            WriteStrings(writer, "tags", tags);

            if (twelveHour)
            {
                writer.WriteString("tstamp", TimestampFormats.TwelveHour(tstamp));
            }
            else if (legacy)
            {
                writer.WriteStartObject("tstamp");
                writer.WriteString("$numberLong", millis.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNumber("tstamp", millis);
            }

            if (!legacy)
            {
                writer.WriteString("updateDate", TimestampFormats.Iso(tstamp));
            }

            writer.WriteString("updaterId", CreatorId);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private byte[] WriteSummary(string id, DateTimeOffset tstamp, List<string> tags, bool legacy)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", "");
            writer.WriteString("url", $"/share/{_options.RecType}/{id}");
            WriteId(writer, "_id", id, legacy);
            WriteStrings(writer, "tags", tags);
            writer.WriteString("id", id);
            writer.WriteString("tstamp", TimestampFormats.TwelveHour(tstamp));
            writer.WriteString("recType", _options.RecType);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private byte[] WriteData(DateTimeOffset tstamp, int locationIndex, IReadOnlyList<string> location)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DateTimeOffset eventTime = tstamp.AddMilliseconds(-_random.Next(200, 900));

            if (_options.RecType.Contains(".lake.snapshot", StringComparison.Ordinal))
            {
                WriteSnapshotData(writer, eventTime, location);
            }
            else if (_options.RecType.Contains(".peoplecounter", StringComparison.Ordinal))
            {
                WritePeopleCounterData(writer, eventTime, location);
            }
            else
            {
                WriteMotionData(writer, eventTime, locationIndex, location);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteMotionData(Utf8JsonWriter writer, DateTimeOffset time, int locationIndex, IReadOnlyList<string> location)
    {
        bool present = _random.Next(2) == 1;
        int presentMinutes = present ? _random.Next(1, 61) : 0;

        writer.WriteStartObject();
        writer.WriteStartObject("device");
        writer.WriteBoolean("connection_restart", false);
        writer.WriteString("id", SimulatedDevices.DeviceId(locationIndex));
        writer.WriteString("last_record", TimestampFormats.Iso(time.AddHours(-1)));
        writer.WriteNumber("missing_records", 0);
        writer.WriteEndObject();
        writer.WriteStartObject("elapsed");
        writer.WriteNumber("minutes", 60);
        writer.WriteEndObject();

        writer.WriteStartObject("meta");
        WriteStrings(writer, "device", [.. location, ""]);
        WriteStrings(writer, "global", SimulatedDevices.GlobalTags);
        writer.WriteStartObject("iot");
        writer.WriteString("iso_time", TimestampFormats.Iso(time));
        writer.WriteString("time", TimestampFormats.Iso(time));
        writer.WriteEndObject();
        writer.WriteStartArray("source");
        writer.WriteEndArray();
        writer.WriteString("usecase", "SC05");
        writer.WriteEndObject();

        writer.WriteStartObject("motion");
        writer.WriteNumber("hourly_rate", present ? _random.Next(1, 30) : 0);
        writer.WriteNumber("value", present ? 1 : 0);
        writer.WriteEndObject();

        writer.WriteStartObject("presence");
        writer.WriteBoolean("change", _random.Next(4) == 0);
        writer.WriteStartObject("state_time");
        writer.WriteStartObject("false");
        writer.WriteNumber("minutes", 60 - presentMinutes);
        writer.WriteEndObject();
        writer.WriteStartObject("true");
        writer.WriteNumber("minutes", presentMinutes);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteBoolean("value", present);
        writer.WriteEndObject();

        writer.WriteString("time", TimestampFormats.Iso(time));
        writer.WriteEndObject();
    }

    private void WriteSnapshotData(Utf8JsonWriter writer, DateTimeOffset time, IReadOnlyList<string> location)
    {
        int value = _random.Next(0, 11);
        DateTime utc = time.UtcDateTime;

        writer.WriteStartObject();
        writer.WriteStartObject("current");
        writer.WriteNumber("avg", value);
        writer.WriteNumber("count", 1);
        writer.WriteNumber("delta", 0);
        writer.WriteNumber("first", value);
        writer.WriteNumber("last", value);
        writer.WriteNumber("max", value);
        writer.WriteNumber("min", value);
        writer.WriteNumber("range", 0);
        writer.WriteNumber("sum", value);

        writer.WriteEndObject();

        writer.WriteStartObject("meta");
        writer.WriteStartObject("agg");
        writer.WriteStartObject("period");
        writer.WriteNumber("hour", 1);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("date");
        writer.WriteString("dayOfTheWeek", ((int)utc.DayOfWeek).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("dayOfTheYear", utc.DayOfYear.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("weekOfTheYear", ISOWeek.GetWeekOfYear(utc).ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteStartObject("details");
        writer.WriteString("label", "");
        writer.WriteString("unit", "");
        writer.WriteEndObject();
        WriteStrings(writer, "device", location);
        WriteStrings(writer, "global", SimulatedDevices.GlobalTags);
        writer.WriteStartObject("iot");
        writer.WriteString("time", TimestampFormats.Iso(time));
        writer.WriteEndObject();
        writer.WriteStartObject("snapshot");
        writer.WriteString("category", "space");
        writer.WriteString("metric", "occupancy");
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteString("time", TimestampFormats.Iso(time));
        writer.WriteEndObject();
    }

    private void WritePeopleCounterData(Utf8JsonWriter writer, DateTimeOffset time, IReadOnlyList<string> location)
    {
        int entered = _random.Next(0, 10);
        int left = _random.Next(0, entered + 1);
        DateTime midnight = time.UtcDateTime.Date;

        writer.WriteStartObject();
        writer.WriteStartObject("change");
        writer.WriteNumber("count", entered - left);
        writer.WriteNumber("in", entered);
        writer.WriteNumber("missing_records", 0);
        writer.WriteNumber("out", left);
        writer.WriteNumber("traffic", entered + left);
        writer.WriteEndObject();

        writer.WriteStartObject("daily_total");
        writer.WriteString("date", midnight.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteNumber("hour", time.UtcDateTime.Hour);
        writer.WriteString("reset_time", TimestampFormats.Iso(new DateTimeOffset(midnight, TimeSpan.Zero)));
        writer.WriteString("timezone", "Etc/UTC");
        writer.WriteEndObject();

        writer.WriteString("event", "people_counter");
        writer.WriteStartObject("meta");
        WriteStrings(writer, "device", location);
        WriteStrings(writer, "global", SimulatedDevices.GlobalTags);
        writer.WriteNumber("reset_hour", 0);
        writer.WriteString("timezone", "Etc/UTC");
        writer.WriteEndObject();
        writer.WriteString("time", TimestampFormats.Iso(time));
        writer.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter writer, string name, string id, bool legacy)
    {
        if (legacy)
        {
            writer.WriteStartObject(name);
            writer.WriteString("$oid", id);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString(name, id);
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateTimeOffset time, string? legacyWrapper)
    {
        long millis = time.ToUnixTimeMilliseconds();

        if (legacyWrapper is null)
        {
            writer.WriteString(name, TimestampFormats.Iso(time));
        }
        else if (legacyWrapper == "$date")
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("$date", millis);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject(name);
            writer.WriteString(legacyWrapper, millis.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
