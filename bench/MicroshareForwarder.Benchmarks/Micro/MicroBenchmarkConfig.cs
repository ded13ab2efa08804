using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MicroshareForwarder.Benchmarks.Micro;

/// <summary>
/// Short in-process runs: no generated project to build, which keeps `--micro` under a
/// minute on a small machine at the cost of wider confidence intervals.
/// </summary>
internal static class MicroBenchmarkConfig
{
    public static IConfig Create()
    {
        return DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
