namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>One `run` of the forwarder as a child process.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Elapsed">Process start to exit, as measured by the parent process.</param>
/// <param name="PeakWorkingSetBytes">The largest resident set size (VmHWM) read from /proc; 0 where /proc is missing.</param>
/// <param name="Forwarded">Events the run reported as forwarded.</param>
/// <param name="Duplicates">Records the run reported as already known.</param>
/// <param name="Pages">Pages the run fetched.</param>
/// <param name="ProcessorTime">User plus system CPU time of the process.</param>
/// <param name="ErrorTail">The last lines of standard error, for a failed run.</param>
internal sealed record ForwarderRunResult(int ExitCode, TimeSpan Elapsed, long PeakWorkingSetBytes, long Forwarded, long Duplicates, long Pages, TimeSpan ProcessorTime, string ErrorTail);
