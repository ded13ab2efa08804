using System.Diagnostics;
using Amqp;
using Amqp.Framing;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.EventHubs.Internal;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

public sealed class EventHubsEndpointFaultTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Unauthorized_SendAsync_ThrowsUnauthorizedAccess()
    {
        var options = new EventHubsEndpointOptions { Fault = EventHubsFault.Unauthorized };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
    }

    [Fact]
    public async Task Unauthorized_CreateBatchAsync_ThrowsUnauthorizedAccess()
    {
        var options = new EventHubsEndpointOptions { Fault = EventHubsFault.Unauthorized };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await producer.CreateBatchAsync());
    }

    [Fact]
    public async Task Unauthorized_SetOnOpenLink_RejectsSend()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");
        await producer.SendAsync([new EventData("before"u8.ToArray())]);

        endpoint.SetFault(EventHubsFault.Unauthorized);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.SendAsync([new EventData("after"u8.ToArray())]));
        Assert.Equal(1, endpoint.RejectedDeliveries);
        Assert.Equal(1, endpoint.GetReceivedCount("telemetry"));
    }

    [Fact]
    public async Task UnknownHubFault_SendAsync_ThrowsResourceNotFound()
    {
        var options = new EventHubsEndpointOptions { Fault = EventHubsFault.UnknownHub };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        EventHubsException exception = await Assert.ThrowsAsync<EventHubsException>(
            () => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, exception.Reason);
    }

    [Fact]
    public async Task UnconfiguredHub_SendAsync_ThrowsResourceNotFound()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        string connectionString = endpoint.GetConnectionString("telemetry").Replace("EntityPath=telemetry", "EntityPath=missing", StringComparison.Ordinal);
        var clientOptions = new EventHubProducerClientOptions { RetryOptions = TestProducers.FastRetries(0) };
        await using var producer = new EventHubProducerClient(connectionString, clientOptions);

        EventHubsException exception = await Assert.ThrowsAsync<EventHubsException>(
            () => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, exception.Reason);
    }

    [Fact]
    public async Task ServerBusy_NoRetries_ThrowsServiceBusy()
    {
        var options = new EventHubsEndpointOptions { Fault = EventHubsFault.ServerBusy };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        EventHubsException exception = await Assert.ThrowsAsync<EventHubsException>(
            () => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.Equal(EventHubsException.FailureReason.ServiceBusy, exception.Reason);
        Assert.True(exception.IsTransient);
        Assert.Equal(1, endpoint.RejectedDeliveries);
    }

    [Fact]
    public async Task ServerBusy_ShortFault_SendRecoversOnRetry()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry", maxRetries: 6, retryDelay: TimeSpan.FromMilliseconds(250));
        await producer.SendAsync([new EventData("warm-up"u8.ToArray())]);

        endpoint.SetFault(EventHubsFault.ServerBusy, TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();
        await producer.SendAsync([new EventData("after-busy"u8.ToArray())]);
        stopwatch.Stop();

        Assert.True(endpoint.RejectedDeliveries >= 1, "the first try was not rejected");
        Assert.Equal(2, endpoint.GetReceivedCount("telemetry"));
        Assert.Equal("after-busy"u8.ToArray(), endpoint.GetReceived("telemetry")[1].Body);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"recovery took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task OversizedBatchItem_RawClient_Rejected()
    {
        var options = new EventHubsEndpointOptions { MaxMessageSizeBytes = 1024 };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        Connection connection = await CreateRawConnectionAsync(endpoint);
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "oversized", "/telemetry");
            ByteBuffer encodedItem = new Message { BodySection = new Data { Binary = new byte[2048] } }.Encode();
            var items = new DataList();
            items.Add(new Data { Binary = encodedItem.Buffer.AsSpan(encodedItem.Offset, encodedItem.Length).ToArray() });
            var batch = new Message { Format = EventDecoder.BatchFormat, BodySection = items };

            AmqpException exception = await Assert.ThrowsAsync<AmqpException>(() => sender.SendAsync(batch));

            Assert.Equal("amqp:link:message-size-exceeded", exception.Error.Condition.ToString());
            Assert.Equal(1, endpoint.RejectedDeliveries);
            Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    [Fact]
    public async Task OversizedMessage_RawClient_Rejected()
    {
        var options = new EventHubsEndpointOptions { MaxMessageSizeBytes = 1024 };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        Connection connection = await CreateRawConnectionAsync(endpoint);
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "oversized", "/telemetry/Partitions/0");
            var message = new Message { BodySection = new Data { Binary = new byte[1500] } };

            AmqpException exception = await Assert.ThrowsAsync<AmqpException>(() => sender.SendAsync(message));

            Assert.Equal("amqp:link:message-size-exceeded", exception.Error.Condition.ToString());
            Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<Connection> CreateRawConnectionAsync(EventHubsEndpoint endpoint)
    {
        var factory = new ConnectionFactory();
        factory.SASL.Profile = new CbsSaslProfile();
        return await factory.CreateAsync(new Address(endpoint.Address.AbsoluteUri));
    }
}
