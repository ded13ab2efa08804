using BenchmarkDotNet.Running;
using MicroshareForwarder.Benchmarks.Harness;
using MicroshareForwarder.Benchmarks.Micro;

// `--micro [BenchmarkDotNet arguments]` runs the micro benchmarks (page parsing, normalization, store);
// anything else runs the backlog benchmark against the loopback sandbox.
if (args.Length > 0 && args[0] == "--micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(PageParsingBenchmarks).Assembly).Run(args[1..], MicroBenchmarkConfig.Create());
    return 0;
}

BacklogBenchmarkSettings settings;
try
{
    settings = BacklogBenchmarkSettings.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(BacklogBenchmarkSettings.Usage);
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    stopping.Cancel();
};

return await BacklogBenchmark.RunAsync(settings, Console.Out, stopping.Token);
