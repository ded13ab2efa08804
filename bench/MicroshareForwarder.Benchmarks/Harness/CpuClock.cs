using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>
/// CPU time, user plus system, of this process and of its finished child processes, so a run
/// can report where the cores went: the forwarder, or the simulator and endpoint hosted here.
/// </summary>
internal static partial class CpuClock
{
    private const int ResourceUsageChildren = -1;

    /// <summary>Returns the CPU time that all threads of this process used so far.</summary>
    public static TimeSpan Self()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Returns the CPU time of the child processes that have exited and been waited for, or zero off Linux.</summary>
    public static TimeSpan Children()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        var usage = default(ResourceUsage);
        if (GetResourceUsage(ResourceUsageChildren, ref usage) != 0)
        {
            return TimeSpan.Zero;
        }

        var microseconds = (usage.UserSeconds * 1_000_000) + usage.UserMicroseconds + (usage.SystemSeconds * 1_000_000) + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }

    /// <summary>Returns <paramref name="processorTime"/> divided by <paramref name="events"/>, in microseconds.</summary>
    public static double MicrosecondsPerEvent(TimeSpan processorTime, int events) => processorTime.TotalMicroseconds / events;

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, ref ResourceUsage usage);

    /// <summary>The head of Linux's <c>struct rusage</c> on 64-bit targets, padded to its full size.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;

        public Padding Rest;
    }

    [System.Runtime.CompilerServices.InlineArray(14)]
    private struct Padding
    {
        private long _element;
    }
}
