namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>The measurements of one run at one backlog size.</summary>
/// <param name="RawEventsPerSecond">Events per second of the SDK alone.</param>
/// <param name="PipelineEventsPerSecond">Events per second of the forwarder, process start to exit.</param>
/// <param name="PipelineElapsed">Process start to exit of the forwarding run.</param>
/// <param name="PeakWorkingSetBytes">The forwarding run's peak resident set size.</param>
/// <param name="RawProcessorTime">CPU time of the benchmark process (SDK sender and endpoint) during the raw run.</param>
/// <param name="ForwarderProcessorTime">CPU time of the forwarder process during the forwarding run.</param>
/// <param name="HostProcessorTime">CPU time of the benchmark process (simulator and endpoint) during the forwarding run.</param>
/// <param name="NothingNewElapsed">Process start to exit of the following run, which finds nothing new.</param>
/// <param name="NothingNewPeakWorkingSetBytes">The peak resident set size of that run.</param>
internal sealed record RunSample(
    double RawEventsPerSecond,
    double PipelineEventsPerSecond,
    TimeSpan PipelineElapsed,
    long PeakWorkingSetBytes,
    TimeSpan RawProcessorTime,
    TimeSpan ForwarderProcessorTime,
    TimeSpan HostProcessorTime,
    TimeSpan NothingNewElapsed,
    long NothingNewPeakWorkingSetBytes)
{
    public double Ratio => PipelineEventsPerSecond / RawEventsPerSecond;
}
