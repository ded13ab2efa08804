using System.Text;
using System.Text.Json;
using MicroshareForwarder.Microshare;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class MicroshareTimestampTests
{
    private static readonly DateTimeOffset Expected = new(2017, 5, 23, 1, 8, 35, 141, TimeSpan.Zero);

    [Theory]
    [InlineData("\"2017-05-23T01:08:35.141Z\"")]
    [InlineData("\"2017-05-23T03:08:35.141+02:00\"")]
    [InlineData("1495501715141")]
    [InlineData("\"1495501715141\"")]
    [InlineData("{\"$numberLong\": \"1495501715141\"}")]
    [InlineData("{\"$date\": 1495501715141}")]
    [InlineData("{\"$date\": {\"$numberLong\": \"1495501715141\"}}")]
    [InlineData("\"05/23/2017 01:08:35:141 AM\"")]
    public void TryRead_EachEncoding_ReturnsUtcInstant(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        var parsed = MicroshareTimestamp.TryRead(ref reader, out var timestamp);

        Assert.True(parsed);
        Assert.Equal(Expected, timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
    }

    [Fact]
    public void TryParse_WithoutMilliseconds_ReturnsInstant()
    {
        Assert.True(MicroshareTimestamp.TryParse("2025-11-14T14:00:00Z", out var timestamp));
        Assert.Equal(new DateTimeOffset(2025, 11, 14, 14, 0, 0, TimeSpan.Zero), timestamp);
    }

    [Fact]
    public void TryParse_TwelveHourPm_ReturnsAfternoon()
    {
        Assert.True(MicroshareTimestamp.TryParse("05/23/2017 01:08:35:141 PM", out var timestamp));
        Assert.Equal(13, timestamp.Hour);
    }

    [Theory]
    [InlineData("\"2025-06-18\"")]
    [InlineData("\"not a time\"")]
    [InlineData("\"\"")]
    [InlineData("-5")]
    [InlineData("[]")]
    [InlineData("{\"$oid\": \"abc\"}")]
    public void TryRead_Unparsable_ReturnsFalse(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        Assert.False(MicroshareTimestamp.TryRead(ref reader, out _));
    }
}
