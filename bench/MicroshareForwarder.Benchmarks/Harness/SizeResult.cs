namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>The runs at one backlog size and their medians.</summary>
internal sealed class SizeResult
{
    public SizeResult(int records, IReadOnlyList<RunSample> samples, string loadAverage)
    {
        Records = records;
        Samples = samples;
        LoadAverage = loadAverage;
    }

    public int Records { get; }

    public IReadOnlyList<RunSample> Samples { get; }

    /// <summary>The 1, 5 and 15 minute load averages when the last run of this size ended.</summary>
    public string LoadAverage { get; }

    public double RawEventsPerSecond => Median(Samples.Select(sample => sample.RawEventsPerSecond));

    public double PipelineEventsPerSecond => Median(Samples.Select(sample => sample.PipelineEventsPerSecond));

    /// <summary>The median of the per-run ratios, which pairs each pipeline run with the raw run just before it.</summary>
    public double Ratio => Median(Samples.Select(sample => sample.Ratio));

    public double PeakWorkingSetMegabytes => Median(Samples.Select(sample => sample.PeakWorkingSetBytes / 1_048_576.0));

    /// <summary>CPU time per event of the SDK sender and the endpoint during the raw run, in microseconds.</summary>
    public double RawCpuMicroseconds => Median(Samples.Select(sample => CpuClock.MicrosecondsPerEvent(sample.RawProcessorTime, Records)));

    /// <summary>CPU time per event of the forwarder process during the forwarding run, in microseconds.</summary>
    public double ForwarderCpuMicroseconds => Median(Samples.Select(sample => CpuClock.MicrosecondsPerEvent(sample.ForwarderProcessorTime, Records)));

    /// <summary>CPU time per event of the simulator and the endpoint during the forwarding run, in microseconds.</summary>
    public double HostCpuMicroseconds => Median(Samples.Select(sample => CpuClock.MicrosecondsPerEvent(sample.HostProcessorTime, Records)));

    public double NothingNewMilliseconds => Median(Samples.Select(sample => sample.NothingNewElapsed.TotalMilliseconds));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
