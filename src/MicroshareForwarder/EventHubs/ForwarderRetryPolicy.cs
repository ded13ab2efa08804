using System.Net.Sockets;
using Azure.Messaging.EventHubs;

namespace MicroshareForwarder.EventHubs;

/// <summary>
/// Retries only transient Event Hubs failures, with capped exponential backoff and jitter.
/// The SDK's default policy also retries <see cref="UnauthorizedAccessException"/>, which
/// is how a missing "Azure Event Hubs Data Sender" role shows, so a permission error would
/// take minutes to surface; here it ends the send at once.
/// </summary>
internal sealed class ForwarderRetryPolicy : EventHubsRetryPolicy
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly int _maxRetries;
    private readonly TimeSpan _tryTimeout;

    public ForwarderRetryPolicy(int maxRetries, TimeSpan tryTimeout)
    {
        _maxRetries = maxRetries;
        _tryTimeout = tryTimeout;
    }

    public override TimeSpan CalculateTryTimeout(int attemptCount) => _tryTimeout;

    public override TimeSpan? CalculateRetryDelay(Exception lastException, int attemptCount)
    {
        if (attemptCount > _maxRetries || !IsTransient(lastException))
        {
            return null;
        }

        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptCount - 1, 10));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, exponential * jitter));
    }

    /// <summary>Tells whether a later attempt may succeed.</summary>
    public static bool IsTransient(Exception exception)
    {
        return exception switch
        {
            UnauthorizedAccessException => false,
            ArgumentException => false,
            EventHubsException eventHubs => eventHubs.IsTransient,
            TimeoutException => true,
            SocketException => true,
            IOException => true,
            OperationCanceledException => false,
            _ => exception.InnerException is { } inner && IsTransient(inner),
        };
    }
}
