using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

public sealed class EventHubsEndpointSendTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Batch_ThreeEvents_ArriveByteEqualWithProperties()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");
        byte[][] bodies = [Encoding.UTF8.GetBytes("{\"count\":1}"), [0, 1, 2, 255], Encoding.UTF8.GetBytes("third")];

        using EventDataBatch batch = await producer.CreateBatchAsync();
        for (int i = 0; i < bodies.Length; i++)
        {
            var eventData = new EventData(bodies[i]) { ContentType = "application/json", MessageId = $"id-{i}" };
            eventData.Properties["cloudEvents:type"] = "occupancy";
            eventData.Properties["sequence"] = i;
            Assert.True(batch.TryAdd(eventData), $"event {i} did not fit into the batch");
        }

        await producer.SendAsync(batch);
        await endpoint.WaitForCountAsync("telemetry", 3, WaitTimeout);

        IReadOnlyList<ReceivedEvent> received = endpoint.GetReceived("telemetry");
        Assert.Equal(3, received.Count);
        for (int i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(bodies[i], received[i].Body);
            Assert.Equal("application/json", received[i].ContentType);
            Assert.Equal($"id-{i}", received[i].MessageId);
            Assert.Equal("occupancy", received[i].ApplicationProperties["cloudEvents:type"]);
            Assert.Equal(i, received[i].ApplicationProperties["sequence"]);
            Assert.Equal("telemetry", received[i].Hub);
            Assert.Null(received[i].PartitionId);
        }

        Assert.Equal(3, endpoint.GetReceivedCount("telemetry"));
        Assert.Equal(3, endpoint.GetDistinctIdCount("telemetry"));
    }

    [Fact]
    public async Task SendAsync_SingleEvent_Arrives()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");
        var eventData = new EventData(Encoding.UTF8.GetBytes("single")) { ContentType = "text/plain" };
        eventData.Properties["cloudEvents:id"] = "cloud-1";

        await producer.SendAsync([eventData], new SendEventOptions { PartitionId = "1" });
        await endpoint.WaitForCountAsync("telemetry", 1, WaitTimeout);

        ReceivedEvent received = Assert.Single(endpoint.GetReceived("telemetry"));
        Assert.Equal("single"u8.ToArray(), received.Body);
        Assert.Equal("text/plain", received.ContentType);
        Assert.Equal("1", received.PartitionId);
        Assert.Equal(1, endpoint.GetDistinctIdCount("telemetry"));
    }

    [Fact]
    public async Task Batch_PartitionKey_ArrivesOnEachEvent()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        using EventDataBatch batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = "building-7" });
        Assert.True(batch.TryAdd(new EventData("a"u8.ToArray())));
        Assert.True(batch.TryAdd(new EventData("b"u8.ToArray())));
        await producer.SendAsync(batch);
        await endpoint.WaitForCountAsync("telemetry", 2, WaitTimeout);

        IReadOnlyList<ReceivedEvent> received = endpoint.GetReceived("telemetry");
        Assert.Equal(2, received.Count);
        Assert.All(received, item => Assert.Equal("building-7", item.PartitionKey));
    }

    [Fact]
    public async Task CreateBatch_BasicTierLimit_ReportsMaxMessageSize()
    {
        var options = new EventHubsEndpointOptions { MaxMessageSizeBytes = 262_144 };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        using EventDataBatch batch = await producer.CreateBatchAsync();

        Assert.Equal(262_144, batch.MaximumSizeInBytes);
    }

    [Fact]
    public async Task GetEventHubProperties_ReturnsHubAndPartitions()
    {
        var options = new EventHubsEndpointOptions { PartitionCount = 3 };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        EventHubProperties properties = await producer.GetEventHubPropertiesAsync();
        string[] partitionIds = await producer.GetPartitionIdsAsync();
        PartitionProperties partition = await producer.GetPartitionPropertiesAsync("2");

        Assert.Equal("telemetry", properties.Name);
        Assert.Equal(["0", "1", "2"], properties.PartitionIds);
        Assert.Equal(["0", "1", "2"], partitionIds);
        Assert.Equal("2", partition.Id);
        Assert.True(partition.IsEmpty);
    }

    [Fact]
    public async Task ConnectionString_CbsTokenType_IsSasToken()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        await producer.SendAsync([new EventData("x"u8.ToArray())]);

        CbsTokenRecord token = Assert.Single(endpoint.CbsTokens);
        Assert.Equal("servicebus.windows.net:sastoken", token.TokenType);
        Assert.Equal("amqp://127.0.0.1/telemetry", token.Audience);
    }

    [Fact]
    public async Task ConcurrentProducers_ManyBatchesInFlight_AllArrive()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());
        const int producerCount = 4;
        const int batchesPerProducer = 10;
        const int eventsPerBatch = 50;

        Task[] senders = Enumerable.Range(0, producerCount)
            .Select(producerIndex => SendBatchesAsync(endpoint, producerIndex, batchesPerProducer, eventsPerBatch))
            .ToArray();
        await Task.WhenAll(senders);
        await endpoint.WaitForCountAsync("telemetry", producerCount * batchesPerProducer * eventsPerBatch, WaitTimeout);

        Assert.Equal(producerCount * batchesPerProducer * eventsPerBatch, endpoint.GetReceivedCount("telemetry"));
        Assert.Equal(producerCount * batchesPerProducer * eventsPerBatch, endpoint.GetDistinctIdCount("telemetry"));
        Assert.Equal(0, endpoint.RejectedDeliveries);
    }

    [Fact]
    public async Task StoreBodiesOff_CountsWithoutStoring()
    {
        var options = new EventHubsEndpointOptions { StoreBodies = false };
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(options);
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        await producer.SendAsync([new EventData("1"u8.ToArray()), new EventData("2"u8.ToArray())]);
        await endpoint.WaitForCountAsync("telemetry", 2, WaitTimeout);

        Assert.Equal(2, endpoint.GetReceivedCount("telemetry"));
        Assert.Empty(endpoint.GetReceived("telemetry"));
    }

    [Fact]
    public async Task WaitForCount_NotReached_ThrowsTimeout()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());

        TimeoutException exception = await Assert.ThrowsAsync<TimeoutException>(
            () => endpoint.WaitForCountAsync("telemetry", 1, TimeSpan.FromMilliseconds(50)));

        Assert.Contains("expected count was 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReceived_UnconfiguredHub_Throws()
    {
        await using EventHubsEndpoint endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions());

        ArgumentException exception = Assert.Throws<ArgumentException>(() => endpoint.GetReceived("other"));

        Assert.Contains("telemetry", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ListsEveryProblem()
    {
        var options = new EventHubsEndpointOptions { Hubs = [], PartitionCount = 0, UseTls = true };

        ArgumentException exception = await Assert.ThrowsAsync<ArgumentException>(() => EventHubsEndpoint.StartAsync(options));

        Assert.Contains("Hubs", exception.Message, StringComparison.Ordinal);
        Assert.Contains("PartitionCount is 0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TlsCertificate is missing", exception.Message, StringComparison.Ordinal);
    }

    private static async Task SendBatchesAsync(EventHubsEndpoint endpoint, int producerIndex, int batchCount, int eventsPerBatch)
    {
        await using EventHubProducerClient producer = TestProducers.Create(endpoint, "telemetry");

        Task[] sends = new Task[batchCount];
        for (int batchIndex = 0; batchIndex < batchCount; batchIndex++)
        {
            EventData[] events = Enumerable.Range(0, eventsPerBatch)
                .Select(i => new EventData(Encoding.UTF8.GetBytes($"{producerIndex}-{batchIndex}-{i}")) { MessageId = $"{producerIndex}-{batchIndex}-{i}" })
                .ToArray();
            sends[batchIndex] = producer.SendAsync(events);
        }

        await Task.WhenAll(sends);
    }
}
