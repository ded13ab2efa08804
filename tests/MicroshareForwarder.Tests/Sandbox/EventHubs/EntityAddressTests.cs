using MicroshareForwarder.Sandbox.EventHubs.Internal;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

public sealed class EntityAddressTests
{
    [Theory]
    [InlineData("/telemetry", "telemetry", null)]
    [InlineData("/telemetry/Partitions/1", "telemetry", "1")]
    [InlineData("telemetry/partitions/0", "telemetry", "0")]
    [InlineData("amqps://127.0.0.1:5671/telemetry/Partitions/3", "telemetry", "3")]
    public void TryParse_ProducerTarget_ReturnsHubAndPartition(string address, string hub, string? partitionId)
    {
        bool parsed = EntityAddress.TryParse(address, out EntityAddress entity);

        Assert.True(parsed);
        Assert.Equal(hub, entity.Hub);
        Assert.Equal(partitionId, entity.PartitionId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/telemetry/ConsumerGroups/$Default")]
    [InlineData("/telemetry/Partitions/0/extra")]
    public void TryParse_OtherAddress_ReturnsFalse(string? address)
    {
        bool parsed = EntityAddress.TryParse(address, out _);

        Assert.False(parsed);
    }
}
