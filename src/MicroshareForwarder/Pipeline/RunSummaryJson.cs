using System.Text;
using System.Text.Json;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// The one-line JSON summary of a run that <c>run --output json</c> prints last on
/// stdout and the run history stores: run id, times, exit code and per-feed counts.
/// </summary>
internal static class RunSummaryJson
{
    public static string Serialize(RunReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("runId", report.RunId);
            writer.WriteString("startedAt", report.StartedAt);
            writer.WriteString("endedAt", report.EndedAt);
            writer.WriteNumber("exitCode", report.ExitCode);

            writer.WriteStartObject("feeds");
            foreach (var feed in report.Feeds)
            {
                writer.WriteStartObject(feed.Feed);
                StateFileWriter.WriteCounts(writer, feed);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();

            writer.WriteNumber("outboxDepth", report.OutboxDepth);
            if (report.Error is { } error)
            {
                writer.WriteString("error", error);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
