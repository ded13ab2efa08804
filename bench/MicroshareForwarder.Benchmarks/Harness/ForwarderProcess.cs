using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>
/// Runs the built forwarder's `run` command as a child process, timing it from start to
/// exit and sampling its peak resident set size from <c>/proc/PID/status</c>.
/// </summary>
internal static class ForwarderProcess
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    private static readonly string[] ClearedPrefixes = ["MICROSHARE_", "EVENTHUB_", "FORWARDER_", "AZURE_", "STATE_DIRECTORY", "CREDENTIALS_DIRECTORY"];

    public static async Task<ForwarderRunResult> RunAsync(string forwarderDll, string envFile, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(forwarderDll);
        foreach (var argument in new[] { "run", "--env-file", envFile, "--output", "json" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Settings from this process's environment would override the .env file.
        foreach (var name in startInfo.Environment.Keys.Where(key => ClearedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = startInfo };
        var stdoutLines = new List<string>();
        var stderrTail = new Queue<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (stdoutLines)
                {
                    stdoutLines.Add(line.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (stderrTail)
                {
                    stderrTail.Enqueue(line.Data);
                    if (stderrTail.Count > 20)
                    {
                        stderrTail.Dequeue();
                    }
                }
            }
        };

        var childCpuBefore = CpuClock.Children();
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        long peak = 0;
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, ReadPeakResidentBytes(process.Id));
            await Task.WhenAny(exited, Task.Delay(SampleInterval, cancellationToken)).ConfigureAwait(false);
        }

        await exited.ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed;
        var processorTime = CpuClock.Children() - childCpuBefore;

        var summaryLine = stdoutLines.LastOrDefault(line => line.StartsWith('{')) ?? "{}";
        var (forwarded, duplicates, pages) = ReadCounts(summaryLine);
        return new ForwarderRunResult(process.ExitCode, elapsed, peak, forwarded, duplicates, pages, processorTime, string.Join(Environment.NewLine, stderrTail));
    }

    /// <summary>Returns VmHWM, the peak resident set size so far, or 0 once the process is gone.</summary>
    private static long ReadPeakResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static (long Forwarded, long Duplicates, long Pages) ReadCounts(string summaryLine)
    {
        using var summary = JsonDocument.Parse(summaryLine);
        if (!summary.RootElement.TryGetProperty("feeds", out var feeds))
        {
            return (0, 0, 0);
        }

        long forwarded = 0, duplicates = 0, pages = 0;
        foreach (var feed in feeds.EnumerateObject())
        {
            forwarded += feed.Value.GetProperty("forwarded").GetInt64();
            duplicates += feed.Value.GetProperty("duplicates").GetInt64();
            pages += feed.Value.GetProperty("pages").GetInt64();
        }

        return (forwarded, duplicates, pages);
    }
}
