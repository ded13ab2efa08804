namespace MicroshareForwarder.Cli;

/// <summary>The wait between two cycles of <c>serve</c>: the interval plus a uniformly random jitter from zero to <see cref="Jitter"/>.</summary>
internal sealed record ServiceLoopSchedule(TimeSpan Interval, TimeSpan Jitter)
{
    public TimeSpan NextDelay(Random random)
    {
        return Interval + (Jitter * random.NextDouble());
    }
}
