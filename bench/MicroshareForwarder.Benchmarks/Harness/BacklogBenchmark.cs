using System.Diagnostics;
using System.Globalization;
using System.Text;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>
/// For each backlog size: the SDK ceiling, a full forwarder run as a child process, and a
/// second run that finds nothing new, all against one loopback Event Hubs endpoint that
/// counts events without keeping them.
/// </summary>
internal static class BacklogBenchmark
{
    private const string HubName = "telemetry";
    private const string RecType = "io.microshare.occupancy.unpacked";
    private const int PageSize = 999;

    /// <summary>
    /// One record a minute, like hourly snapshots of 60 rooms: the forwarder's default
    /// overlap of 2 hours then covers 120 records, so the run that finds nothing new reads
    /// one page, as an hourly run does in production.
    /// </summary>
    private static readonly TimeSpan RecordInterval = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(BacklogBenchmarkSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        await output.WriteLineAsync($"Machine: {Environment.ProcessorCount} cores, {ReadMemTotalGigabytes():F1} GiB memory, .NET {Environment.Version}, load average {ReadLoadAverage()}.").ConfigureAwait(false);
        await output.WriteLineAsync($"Forwarder: {settings.ForwarderDll}").ConfigureAwait(false);

        await using var endpoint = await EventHubsEndpoint.StartAsync(
            new EventHubsEndpointOptions { Hubs = [HubName], StoreBodies = false },
            cancellationToken).ConfigureAwait(false);

        var results = new List<SizeResult>();
        var failed = false;
        foreach (var size in settings.Sizes)
        {
            var result = await RunSizeAsync(settings, endpoint, size, output, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                failed = true;
                break;
            }

            results.Add(result);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(BacklogReport.Format(results, settings.Runs)).ConfigureAwait(false);
        await output.WriteLineAsync($"Total time {total.Elapsed.TotalMinutes:F1} min, load average at the end {ReadLoadAverage()}.").ConfigureAwait(false);
        return failed ? 1 : 0;
    }

    private static async Task<SizeResult?> RunSizeAsync(BacklogBenchmarkSettings settings, EventHubsEndpoint endpoint, int size, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = Stopwatch.StartNew();
        await using var simulator = await MicroshareSimulator.StartAsync(
            new MicroshareSimulatorOptions { RecordCount = size, RecordInterval = RecordInterval },
            cancellationToken).ConfigureAwait(false);

        var source = new Uri(simulator.BaseUrl, $"share/{Uri.EscapeDataString(RecType)}").ToString();
        var events = RawSdkSender.BuildEvents(simulator.Records, source, RecType);
        var bodyBytes = events.Select(item => item.EventBody.ToMemory().Length).ToArray();
        await output.WriteLineAsync($"{size:N0} records: bodies {bodyBytes.Min()} to {bodyBytes.Max()} bytes, mean {bodyBytes.Average():F0}; generated in {setup.Elapsed.TotalSeconds:F1} s.").ConfigureAwait(false);

        var workDirectory = Directory.CreateTempSubdirectory("microshare-forwarder-bench-").FullName;
        try
        {
            var samples = new List<RunSample>();
            for (var run = 1; run <= settings.Runs; run++)
            {
                var sample = await RunOnceAsync(settings, endpoint, simulator, events, Path.Combine(workDirectory, $"run{run}"), output, cancellationToken).ConfigureAwait(false);
                if (sample is null)
                {
                    return null;
                }

                samples.Add(sample);
                await output.WriteLineAsync(
                    $"  run {run}: raw {sample.RawEventsPerSecond:N0} events/s, pipeline {sample.PipelineEventsPerSecond:N0} events/s ({sample.PipelineElapsed.TotalSeconds:F1} s), "
                    + $"ratio {sample.Ratio:F2}, peak {sample.PeakWorkingSetBytes / 1_048_576.0:F0} MB, nothing new {sample.NothingNewElapsed.TotalMilliseconds:F0} ms "
                    + $"(peak {sample.NothingNewPeakWorkingSetBytes / 1_048_576.0:F0} MB), load {ReadLoadAverage()}").ConfigureAwait(false);
                await output.WriteLineAsync(
                    $"    CPU per event: raw {CpuClock.MicrosecondsPerEvent(sample.RawProcessorTime, size):F1} µs (sender and endpoint); "
                    + $"pipeline {CpuClock.MicrosecondsPerEvent(sample.ForwarderProcessorTime, size):F1} µs in the forwarder and {CpuClock.MicrosecondsPerEvent(sample.HostProcessorTime, size):F1} µs in the simulator and endpoint").ConfigureAwait(false);
            }

            return new SizeResult(size, samples, ReadLoadAverage());
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private static async Task<RunSample?> RunOnceAsync(
        BacklogBenchmarkSettings settings,
        EventHubsEndpoint endpoint,
        MicroshareSimulator simulator,
        IReadOnlyList<Azure.Messaging.EventHubs.EventData> events,
        string runDirectory,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var connectionString = endpoint.GetConnectionString(HubName);

        var before = endpoint.GetReceivedCount(HubName);
        var rawCpuBefore = CpuClock.Self();
        var rawElapsed = await RawSdkSender.SendAllAsync(connectionString, events, settings.MaxInFlight, cancellationToken).ConfigureAwait(false);
        var rawCpu = CpuClock.Self() - rawCpuBefore;
        var rawReceived = endpoint.GetReceivedCount(HubName) - before;
        if (rawReceived != events.Count)
        {
            await output.WriteLineAsync($"FAILED: the raw SDK run delivered {rawReceived} of {events.Count} events.").ConfigureAwait(false);
            return null;
        }

        Directory.CreateDirectory(runDirectory);
        var envFile = WriteEnvFile(runDirectory, simulator, connectionString, events.Count);

        before = endpoint.GetReceivedCount(HubName);
        var hostCpuBefore = CpuClock.Self();
        var forwarding = await ForwarderProcess.RunAsync(settings.ForwarderDll, envFile, cancellationToken).ConfigureAwait(false);
        var hostCpu = CpuClock.Self() - hostCpuBefore;
        var received = endpoint.GetReceivedCount(HubName) - before;
        if (forwarding.ExitCode != 0 || forwarding.Forwarded != events.Count || received != events.Count)
        {
            await output.WriteLineAsync($"FAILED: the forwarding run exited {forwarding.ExitCode}, forwarded {forwarding.Forwarded} and the endpoint received {received} of {events.Count} events.{Environment.NewLine}{forwarding.ErrorTail}").ConfigureAwait(false);
            return null;
        }

        var nothingNew = await ForwarderProcess.RunAsync(settings.ForwarderDll, envFile, cancellationToken).ConfigureAwait(false);
        if (nothingNew.ExitCode != 0 || nothingNew.Forwarded != 0)
        {
            await output.WriteLineAsync($"FAILED: the run with nothing new exited {nothingNew.ExitCode} and forwarded {nothingNew.Forwarded} events; expected 0 and 0.{Environment.NewLine}{nothingNew.ErrorTail}").ConfigureAwait(false);
            return null;
        }

        return new RunSample(
            events.Count / rawElapsed.TotalSeconds,
            events.Count / forwarding.Elapsed.TotalSeconds,
            forwarding.Elapsed,
            forwarding.PeakWorkingSetBytes,
            rawCpu,
            forwarding.ProcessorTime,
            hostCpu,
            nothingNew.Elapsed,
            nothingNew.PeakWorkingSetBytes);
    }

    /// <summary>Writes the forwarder's settings for this sandbox to <c>bench.env</c> with mode 0600, as the forwarder requires.</summary>
    private static string WriteEnvFile(string runDirectory, MicroshareSimulator simulator, string connectionString, int recordCount)
    {
        var baseUrl = simulator.BaseUrl.ToString();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "sandbox-user",
            ["MICROSHARE_PASSWORD"] = "sandbox-password",
            ["MICROSHARE_API_KEY"] = "sandbox-api-key",
            ["MICROSHARE_AUTH_URL"] = baseUrl,
            ["MICROSHARE_API_URL"] = baseUrl,
            ["MICROSHARE_APP_URL"] = baseUrl,
            ["MICROSHARE_RECTYPE"] = RecType,

            // The default cap of 1,000 pages stops a walk of 1,000,000 records (1,002 pages) early.
            ["MICROSHARE_MAX_PAGES_PER_RUN"] = ((recordCount / PageSize) + 10).ToString(CultureInfo.InvariantCulture),
            ["EVENTHUB_CONNECTION_STRING"] = connectionString,
            ["FORWARDER_STATE_DIR"] = Path.Combine(runDirectory, "state"),
        };

        var text = new StringBuilder();
        foreach (var (key, value) in settings)
        {
            text.Append(key).Append("=\"").Append(value).AppendLine("\"");
        }

        var path = Path.Combine(runDirectory, "bench.env");
        File.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private static string ReadLoadAverage()
    {
        var fields = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : [];
        return fields.Length >= 3 ? $"{fields[0]}, {fields[1]}, {fields[2]}" : "unknown";
    }

    private static double ReadMemTotalGigabytes()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(item => item.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kilobytes = line?["MemTotal:".Length..].Trim().Split(' ')[0];
        return kilobytes is null ? double.NaN : long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1_048_576.0;
    }
}
