using System.Text.Json;
using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.State;

/// <summary>
/// Writes <c>state.json</c>, the statistics of the last run for people and monitoring:
/// atomically, mode 0644, with counts, times and sanitised error messages only, never
/// secrets, payloads, device ids or location names.
/// </summary>
internal static class StateFileWriter
{
    public const string FileName = "state.json";

    public static async Task WriteAsync(string stateDirectory, RunReport report, ForwarderStore store, CancellationToken cancellationToken = default)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);

            writer.WriteStartObject("lastRun");
            writer.WriteString("runId", report.RunId);
            writer.WriteString("startedAt", report.StartedAt);
            writer.WriteString("endedAt", report.EndedAt);
            writer.WriteString("result", report.ExitCode == 0 ? "success" : "failed");
            writer.WriteNumber("exitCode", report.ExitCode);
            WriteNullableString(writer, "error", report.Error);
            writer.WriteEndObject();

            writer.WriteStartObject("feeds");
            foreach (var feed in report.Feeds)
            {
                writer.WriteStartObject(feed.Feed);
                WriteCounts(writer, feed);
                if (feed.Watermark is { } watermark)
                {
                    writer.WriteString("watermark", watermark);
                }
                else
                {
                    writer.WriteNull("watermark");
                }

                writer.WriteNumber("outboxDepth", store.CountOutbox(feed.Feed));
                writer.WriteNumber("quarantinedTotal", store.CountQuarantined(feed.Feed));
                writer.WriteNumber("rejectedTotal", store.CountRejected(feed.Feed));
                WriteNullableString(writer, "paginationWarning", feed.PaginationWarning);
                writer.WriteNumber("exitCode", feed.ExitCode);
                WriteNullableString(writer, "lastError", feed.Error);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();

            writer.WriteStartObject("totals");
            writer.WriteNumber("fetched", report.Feeds.Sum(feed => feed.Fetched));
            writer.WriteNumber("forwarded", report.Feeds.Sum(feed => feed.Forwarded));
            writer.WriteNumber("duplicates", report.Feeds.Sum(feed => feed.Duplicates));
            writer.WriteNumber("rejected", report.Feeds.Sum(feed => feed.Rejected));
            writer.WriteNumber("quarantined", report.Feeds.Sum(feed => feed.Quarantined));
            writer.WriteNumber("pages", report.Feeds.Sum(feed => feed.Pages));
            writer.WriteEndObject();

            writer.WriteNumber("outboxDepth", report.OutboxDepth);
            writer.WriteEndObject();
        }

        RemoveLeftoverTemporaryFiles(stateDirectory);
        await AtomicFile.WriteAsync(Path.Combine(stateDirectory, FileName), buffer.WrittenMemory, AtomicFile.WorldReadable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes temporary files that a run killed in the middle of <see cref="AtomicFile.WriteAsync"/> left behind.
    /// The caller holds the instance lock, so no other process is writing <c>state.json</c>.
    /// </summary>
    private static void RemoveLeftoverTemporaryFiles(string stateDirectory)
    {
        foreach (var leftover in Directory.EnumerateFiles(stateDirectory, $".{FileName}.*.tmp"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // A leftover that cannot be deleted now is tried again by the next run.
            }
        }
    }

    /// <summary>Writes the per-feed counts that <c>state.json</c> and the <c>--output json</c> summary share.</summary>
    public static void WriteCounts(Utf8JsonWriter writer, FeedCounts feed)
    {
        writer.WriteNumber("fetched", feed.Fetched);
        writer.WriteNumber("forwarded", feed.Forwarded);
        writer.WriteNumber("duplicates", feed.Duplicates);
        writer.WriteNumber("rejected", feed.Rejected);
        writer.WriteNumber("quarantined", feed.Quarantined);
        writer.WriteNumber("pages", feed.Pages);
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
