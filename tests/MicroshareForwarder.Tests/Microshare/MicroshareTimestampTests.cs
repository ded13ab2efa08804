using System.Text;
using System.Text.Json;
using MicroshareForwarder.Microshare;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class MicroshareTimestampTests
{
    public static TheoryData<string, string> Encodings => new()
    {
        { "\"2023-10-02T13:28:33.029Z\"", "2023-10-02T13:28:33.0290000+00:00" },
        { "\"2023-10-02T13:28:33Z\"", "2023-10-02T13:28:33.0000000+00:00" },
        { "\"2023-10-02T15:28:33.029+02:00\"", "2023-10-02T13:28:33.0290000+00:00" },
        { "1696253313029", "2023-10-02T13:28:33.0290000+00:00" },
        { "\"1696253313029\"", "2023-10-02T13:28:33.0290000+00:00" },
        { "{\"$numberLong\": \"1696253313029\"}", "2023-10-02T13:28:33.0290000+00:00" },
        { "{\"$date\": 1696253313029}", "2023-10-02T13:28:33.0290000+00:00" },
        { "{\"$date\": \"2023-10-02T13:28:33.029Z\"}", "2023-10-02T13:28:33.0290000+00:00" },
        { "\"05/23/2017 01:08:35:141 AM\"", "2017-05-23T01:08:35.1410000+00:00" },
        { "\"05/23/2017 01:08:35:141 PM\"", "2017-05-23T13:08:35.1410000+00:00" },
        { "{\"$date\": {\"$numberLong\": \"1696253313029\"}}", "2023-10-02T13:28:33.0290000+00:00" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void TryRead_KnownEncoding_ReturnsUtcInstant(string json, string expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        var parsed = MicroshareTimestamp.TryRead(ref reader, out var timestamp);

        Assert.True(parsed);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
    }

    [Theory]
    [InlineData("\"2025-06-18\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("-5")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("{\"$oid\": \"abc\"}")]
    public void TryRead_UnparsableValue_ReturnsFalse(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        Assert.False(MicroshareTimestamp.TryRead(ref reader, out _));
    }
}
