using System.Text;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>run --dry-run</c>: prints what a run would send. The token cache is the only file it
/// may write (a fresh Microshare token), and only when the state directory already exists.
/// </summary>
internal static class DryRunCommand
{
    public static async Task<int> ExecuteAsync(CliContext context, string? envFile, string? feedFilter, bool showPayload, OutputFormat output, Diagnostics.LogFormat logFormat, LogLevel logLevel, CancellationToken cancellationToken = default)
    {
        var loaded = await RunCommand.TryLoadOptionsAsync(context, envFile, output, cancellationToken).ConfigureAwait(false);
        if (loaded.Options is not { } options)
        {
            return loaded.ExitCode;
        }

        var feeds = options.Feeds.Where(feed => feedFilter is null || feed.Name == feedFilter).ToList();
        if (feeds.Count == 0)
        {
            await context.Error.WriteLineAsync($"No feed is named '{feedFilter}'; the configured feeds are: {string.Join(", ", options.Feeds.Select(feed => feed.Name))}.").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }

        using var host = ForwarderHost.Build(options, logLevel, logFormat, context.Error);
        var timeProvider = host.Services.GetRequiredService<TimeProvider>();
        var temporaryDirectory = Directory.Exists(options.State.Directory) ? null : Directory.CreateTempSubdirectory("microshare-forwarder-dry-run-").FullName;
        try
        {
            var client = ShareClientFactory.Create(
                options,
                host.Services.GetRequiredService<IHttpClientFactory>(),
                host.Services.GetRequiredService<ILoggerFactory>(),
                timeProvider,
                temporaryDirectory ?? options.State.Directory);
            var reports = await new DryRun(client, options, timeProvider).RunAsync(feeds, showPayload, cancellationToken).ConfigureAwait(false);
            await PrintAsync(context.Out, reports, output, showPayload).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await context.Error.WriteLineAsync($"Dry run failed: {FailureClassifier.Describe(exception)}").ConfigureAwait(false);
            return FailureClassifier.Classify(exception);
        }
        finally
        {
            if (temporaryDirectory is not null)
            {
                Directory.Delete(temporaryDirectory, recursive: true);
            }
        }
    }

    private static async Task PrintAsync(TextWriter writer, IReadOnlyList<DryRunFeedReport> reports, OutputFormat output, bool showPayload)
    {
        if (output == OutputFormat.Json)
        {
            await writer.WriteLineAsync(Json(reports, showPayload)).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            return;
        }

        foreach (var report in reports)
        {
            await writer.WriteLineAsync(
                $"Dry run of {report.Feed}: fetched {report.Fetched} in {report.Pages} pages; would send {report.Events.Count} events ({report.TotalBytes} bytes, largest {(report.Events.Count == 0 ? 0 : report.Events.Max(item => item.SizeBytes))} bytes), "
                + $"duplicates {report.Duplicates}, rejected {report.Rejected.Count}, too large {report.Events.Count(item => item.TooLarge)}, waiting in the outbox {report.OutboxDepth}. Nothing was sent or stored.").ConfigureAwait(false);
            foreach (var item in report.Events)
            {
                await writer.WriteLineAsync($"  {item.EventId} {item.Time:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {item.SizeBytes} bytes{(item.TooLarge ? " (too large: would be quarantined)" : string.Empty)}").ConfigureAwait(false);
                if (showPayload && item.Body is { } body)
                {
                    await writer.WriteLineAsync($"    {Encoding.UTF8.GetString(body.Span)}").ConfigureAwait(false);
                }
            }

            foreach (var (recordId, reason) in report.Rejected)
            {
                await writer.WriteLineAsync($"  rejected {recordId ?? "(no id)"}: {reason}").ConfigureAwait(false);
            }

            if (report.PaginationWarning is { } warning)
            {
                await writer.WriteLineAsync($"  warning: {warning}").ConfigureAwait(false);
            }
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static string Json(IReadOnlyList<DryRunFeedReport> reports, bool showPayload)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteBoolean("dryRun", true);
            json.WriteStartObject("feeds");
            foreach (var report in reports)
            {
                json.WriteStartObject(report.Feed);
                json.WriteNumber("fetched", report.Fetched);
                json.WriteNumber("pages", report.Pages);
                json.WriteNumber("wouldSend", report.Events.Count);
                json.WriteNumber("bytes", report.TotalBytes);
                json.WriteNumber("duplicates", report.Duplicates);
                json.WriteNumber("rejected", report.Rejected.Count);
                json.WriteNumber("outboxDepth", report.OutboxDepth);
                json.WriteStartArray("events");
                foreach (var item in report.Events)
                {
                    json.WriteStartObject();
                    json.WriteString("id", item.EventId);
                    json.WriteString("time", item.Time);
                    json.WriteNumber("sizeBytes", item.SizeBytes);
                    json.WriteBoolean("tooLarge", item.TooLarge);
                    if (showPayload && item.Body is { } body)
                    {
                        json.WritePropertyName("payload");
                        json.WriteRawValue(body.Span, skipInputValidation: false);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("rejectedRecords");
                foreach (var (recordId, reason) in report.Rejected)
                {
                    json.WriteStartObject();
                    json.WriteString("id", recordId);
                    json.WriteString("reason", reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("paginationWarning", report.PaginationWarning);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
