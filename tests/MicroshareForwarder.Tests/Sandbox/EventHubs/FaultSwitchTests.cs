using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.EventHubs.Internal;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

public sealed class FaultSwitchTests
{
    [Fact]
    public void Set_DurationElapsed_ReturnsNone()
    {
        var time = new FakeTimeProvider();
        var faults = new FaultSwitch(time);

        faults.Set(EventHubsFault.ServerBusy, TimeSpan.FromSeconds(2));
        EventHubsFault during = faults.Current;
        time.Advance(TimeSpan.FromSeconds(2));
        EventHubsFault after = faults.Current;

        Assert.Equal(EventHubsFault.ServerBusy, during);
        Assert.Equal(EventHubsFault.None, after);
    }

    [Fact]
    public void Set_MaxValue_LastsUntilReplaced()
    {
        var time = new FakeTimeProvider();
        var faults = new FaultSwitch(time);

        faults.Set(EventHubsFault.Unauthorized, TimeSpan.MaxValue);
        time.Advance(TimeSpan.FromDays(3650));
        EventHubsFault later = faults.Current;
        faults.Set(EventHubsFault.None, TimeSpan.MaxValue);

        Assert.Equal(EventHubsFault.Unauthorized, later);
        Assert.Equal(EventHubsFault.None, faults.Current);
    }
}
