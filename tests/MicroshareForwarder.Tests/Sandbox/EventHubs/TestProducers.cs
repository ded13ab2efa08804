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
    public static EventHubProducerClient Create(EventHubsEndpoint endpoint, string hub, int maxRetries = 0, TimeSpan? retryDelay = null)
    {
        var options = new EventHubProducerClientOptions { RetryOptions = FastRetries(maxRetries, retryDelay) };
        return new EventHubProducerClient(endpoint.GetConnectionString(hub), options);
    }

    public static EventHubsRetryOptions FastRetries(int maxRetries, TimeSpan? retryDelay = null)
    {
        TimeSpan delay = retryDelay ?? TimeSpan.FromMilliseconds(50);

        return new EventHubsRetryOptions
        {
            Mode = EventHubsRetryMode.Fixed,
            MaximumRetries = maxRetries,
            Delay = delay,
            MaximumDelay = delay,
            TryTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
