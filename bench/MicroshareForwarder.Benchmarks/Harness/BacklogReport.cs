using System.Globalization;
using System.Text;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>Formats the medians as a Markdown table with the acceptance checks below it.</summary>
internal static class BacklogReport
{
    public const double MinimumRatio = 0.7;
    public const double MaximumPeakMegabytes = 200;
    public const double MaximumPeakGrowth = 0.25;
    public const double MaximumNothingNewMilliseconds = 1000;

    public static string Format(IReadOnlyList<SizeResult> results, int runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {runs} runs:");
        text.AppendLine();
        text.AppendLine("| Records | Raw SDK events/s | Pipeline events/s | Ratio | Peak working set | Nothing-new run | Load average (1, 5, 15 min) |");
        text.AppendLine("|--:|--:|--:|--:|--:|--:|--|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {result.Records:N0} | {result.RawEventsPerSecond:N0} | {result.PipelineEventsPerSecond:N0} | {result.Ratio:F2} | {result.PeakWorkingSetMegabytes:F0} MB | {result.NothingNewMilliseconds:F0} ms | {result.LoadAverage} |");
        }

        text.AppendLine();
        text.AppendLine("CPU time per event, user plus system, medians:");
        text.AppendLine();
        text.AppendLine("| Records | Raw run: SDK sender and endpoint | Pipeline run: forwarder | Pipeline run: simulator and endpoint |");
        text.AppendLine("|--:|--:|--:|--:|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {result.Records:N0} | {result.RawCpuMicroseconds:F1} µs | {result.ForwarderCpuMicroseconds:F1} µs | {result.HostCpuMicroseconds:F1} µs |");
        }

        text.AppendLine();
        if (results.Count == 0)
        {
            return text.ToString();
        }

        var largest = results.MaxBy(result => result.Records)!;
        var smallest = results.MinBy(result => result.Records)!;
        var growth = (largest.PeakWorkingSetMegabytes / smallest.PeakWorkingSetMegabytes) - 1;

        AppendCheck(text, largest.Ratio >= MinimumRatio, $"pipeline/raw ratio at {largest.Records:N0} records is {largest.Ratio:F2} (target at least {MinimumRatio})");
        AppendCheck(text, largest.PeakWorkingSetMegabytes < MaximumPeakMegabytes, $"peak working set at {largest.Records:N0} records is {largest.PeakWorkingSetMegabytes:F0} MB (target under {MaximumPeakMegabytes} MB)");
        if (largest != smallest)
        {
            AppendCheck(text, growth <= MaximumPeakGrowth, $"peak working set grows {growth:P0} from {smallest.Records:N0} to {largest.Records:N0} records (target at most {MaximumPeakGrowth:P0})");
        }

        var slowestNothingNew = results.Max(result => result.NothingNewMilliseconds);
        AppendCheck(text, slowestNothingNew < MaximumNothingNewMilliseconds, $"a run with nothing new takes {slowestNothingNew:F0} ms at most (target under {MaximumNothingNewMilliseconds} ms)");
        return text.ToString();
    }

    private static void AppendCheck(StringBuilder text, bool passed, string description)
    {
        text.Append(passed ? "met:     " : "NOT MET: ").AppendLine(description);
    }
}
