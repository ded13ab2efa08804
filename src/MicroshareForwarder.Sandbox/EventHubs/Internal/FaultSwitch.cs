namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The active fault and the time it ends. Readers on I/O threads and writers on test threads
/// exchange one immutable setting, so no lock is needed.
/// </summary>
internal sealed class FaultSwitch
{
    private readonly TimeProvider timeProvider;

    private volatile Setting current = new(EventHubsFault.None, null);

    public FaultSwitch(TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
    }

    /// <summary>
    /// The fault in force now, or <see cref="EventHubsFault.None"/> once the set fault has ended.
    /// </summary>
    public EventHubsFault Current
    {
        get
        {
            Setting setting = current;
            if (setting.Until is { } until && timeProvider.GetUtcNow() >= until)
            {
                return EventHubsFault.None;
            }

            return setting.Fault;
        }
    }

    /// <summary>
    /// Replaces the fault. <see cref="TimeSpan.MaxValue"/> keeps it until the next call.
    /// </summary>
    public void Set(EventHubsFault fault, TimeSpan duration)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();

        DateTimeOffset? until = null;
        if (duration < DateTimeOffset.MaxValue - now)
        {
            until = now + duration;
        }

        current = new Setting(fault, until);
    }

    private sealed record Setting(EventHubsFault Fault, DateTimeOffset? Until);
}
