using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.Cli;

/// <summary>Prints a run's outcome on stdout, as lines for people or as the one-line JSON summary.</summary>
internal static class RunReportPrinter
{
    public static async Task PrintAsync(TextWriter output, RunReport report, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(RunSummaryJson.Serialize(report)).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            return;
        }

        var duration = report.EndedAt - report.StartedAt;
        await output.WriteLineAsync($"Run {report.RunId} finished in {duration.TotalSeconds:F1} s with exit code {report.ExitCode}.").ConfigureAwait(false);
        foreach (var feed in report.Feeds)
        {
            await output.WriteLineAsync(
                $"  {feed.Feed}: fetched {feed.Fetched} in {feed.Pages} pages, forwarded {feed.Forwarded}, duplicates {feed.Duplicates}, rejected {feed.Rejected}, quarantined {feed.Quarantined}").ConfigureAwait(false);
            if (feed.PaginationWarning is { } warning)
            {
                await output.WriteLineAsync($"  {feed.Feed}: warning: {warning}").ConfigureAwait(false);
            }
        }

        if (report.OutboxDepth > 0)
        {
            await output.WriteLineAsync($"  {report.OutboxDepth} events wait in the outbox for the next run.").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
