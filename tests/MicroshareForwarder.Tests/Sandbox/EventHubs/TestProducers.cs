using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

/// <summary>
/// Creates SDK producer clients for an <see cref="EventHubsEndpoint"/> with short retry delays, so
/// that fault tests finish in seconds.
/// </summary>
internal static class TestProducers
{
    public static EventHubProducerClient Create(EventHubsEndpoint endpoint, string hub, int maxRetries = 0)
    {
        var options = new EventHubProducerClientOptions { RetryOptions = FastRetries(maxRetries) };
        return new EventHubProducerClient(endpoint.GetConnectionString(hub), options);
    }

    public static EventHubsRetryOptions FastRetries(int maxRetries)
    {
        return new EventHubsRetryOptions
        {
            Mode = EventHubsRetryMode.Fixed,
            MaximumRetries = maxRetries,
            Delay = TimeSpan.FromMilliseconds(50),
            MaximumDelay = TimeSpan.FromMilliseconds(200),
            TryTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
