namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The events of one hub in arrival order, their count and distinct ids, and the callers
/// waiting for the count to reach a target. All members are safe to call from any thread.
/// </summary>
internal sealed class HubEventStore
{
    private readonly Lock gate = new();
    private readonly List<ReceivedEvent> events = [];
    private readonly HashSet<string> distinctIds = new(StringComparer.Ordinal);
    private readonly List<CountWaiter> waiters = [];
    private long count;

    public HubEventStore(string hub)
    {
        Hub = hub;
    }

    public string Hub { get; }

    public long Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    public int DistinctIdCount
    {
        get
        {
            lock (gate)
            {
                return distinctIds.Count;
            }
        }
    }

    public IReadOnlyList<ReceivedEvent> Snapshot()
    {
        lock (gate)
        {
            return events.ToArray();
        }
    }

    /// <summary>
    /// Adds the events of one delivery. <paramref name="stored"/> is null when bodies are not
    /// stored, and then only <paramref name="eventCount"/> is added.
    /// </summary>
    public void Append(int eventCount, IReadOnlyList<ReceivedEvent>? stored)
    {
        List<CountWaiter>? reached = null;

        lock (gate)
        {
            count += eventCount;

            if (stored is not null)
            {
                events.AddRange(stored);
                foreach (ReceivedEvent received in stored)
                {
                    string? id = received.MessageId ?? CloudEventId(received);
                    if (id is not null)
                    {
                        distinctIds.Add(id);
                    }
                }
            }

            for (int i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Target <= count)
                {
                    reached ??= [];
                    reached.Add(waiters[i]);
                    waiters.RemoveAt(i);
                }
            }
        }

        if (reached is not null)
        {
            foreach (CountWaiter waiter in reached)
            {
                waiter.Signal.TrySetResult();
            }
        }
    }

    public async Task WaitForCountAsync(long target, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        CountWaiter waiter;

        lock (gate)
        {
            if (count >= target)
            {
                return;
            }

            waiter = new CountWaiter(target, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            waiters.Add(waiter);
        }

        try
        {
            await waiter.Signal.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            lock (gate)
            {
                waiters.Remove(waiter);
            }

            if (exception is TimeoutException)
            {
                throw new TimeoutException(
                    $"Hub '{Hub}' received {Count} events within {timeout.TotalSeconds:0.###} s, but the expected count was {target}.",
                    exception);
            }

            throw;
        }
    }

    private static string? CloudEventId(ReceivedEvent received)
    {
        return received.ApplicationProperties.TryGetValue("cloudEvents:id", out object? value) ? value?.ToString() : null;
    }

    private sealed record CountWaiter(long Target, TaskCompletionSource Signal);
}
