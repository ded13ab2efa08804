using System.Text;
using MicroshareForwarder.EventHubs;

namespace MicroshareForwarder.Tests.EventHubs;

public sealed class JsonPointerTests
{
    private static readonly byte[] Record = Encoding.UTF8.GetBytes("""
        {"data":{"device":{"id":"00-01"},"meta":{"device":["Building A","Room 1"]},"count":7,"a/b":{"m~n":true},"none":null}}
        """);

    [Theory]
    [InlineData("/data/device/id", "00-01")]
    [InlineData("/data/meta/device/0", "Building A")]
    [InlineData("/data/meta/device/1", "Room 1")]
    [InlineData("/data/count", "7")]
    [InlineData("/data/a~1b/m~0n", "true")]
    [InlineData("/data/device", "{\"id\":\"00-01\"}")]
    public void Evaluate_ExistingMember_ReturnsText(string pointer, string expected)
    {
        Assert.Equal(expected, JsonPointer.Parse(pointer).Evaluate(Record));
    }

    [Theory]
    [InlineData("/data/missing")]
    [InlineData("/data/meta/device/2")]
    [InlineData("/data/meta/device/01")]
    [InlineData("/data/none")]
    [InlineData("/data/count/deeper")]
    public void Evaluate_NoValue_ReturnsNull(string pointer)
    {
        Assert.Null(JsonPointer.Parse(pointer).Evaluate(Record));
    }

    [Theory]
    [InlineData("data/device")]
    [InlineData("")]
    [InlineData("/data/~2")]
    [InlineData("/data/~")]
    public void TryParse_Invalid_ReturnsProblem(string pointer)
    {
        Assert.False(JsonPointer.TryParse(pointer, out _, out var problem));
        Assert.NotEmpty(problem);
    }
}
