using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder status</c>: reads the store and <c>state.json</c> without changing
/// either, prints the last run and each feed's watermark, lag and backlog, and exits 0 when
/// healthy or 1 when the last run failed or a feed lags more than <c>--max-lag</c>, so it can
/// back a health check.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var maxLag = new Option<string>("--max-lag")
        {
            Description = "The largest lag (now minus the feed's watermark) that counts as healthy, as a duration such as 90m, 3h or 1d. Default: 3h.",
            DefaultValueFactory = _ => "3h",
            HelpName = "DURATION",
        };
        maxLag.Validators.Add(result =>
        {
            if (!DurationParser.TryParse(result.GetValueOrDefault<string>() ?? string.Empty, out _))
            {
                result.AddError("--max-lag must be a duration such as 90m, 3h or 1d.");
            }
        });

        var command = new Command("status", "Show the last run, and per feed the watermark, lag, outbox depth, rejected and quarantined counts and the last error. Exit codes: 0 healthy, 1 the last run failed or the lag exceeds --max-lag, 78 invalid configuration.");
        command.Options.Add(common.EnvFile);
        command.Options.Add(common.Output);
        command.Options.Add(maxLag);
        command.SetAction((parseResult, actionToken) => CliActions.RunLinkedAsync(context, actionToken, cancellationToken =>
        {
            DurationParser.TryParse(parseResult.GetValue(maxLag)!, out var threshold);
            return ExecuteAsync(context, parseResult.GetValue(common.EnvFile), common.GetOutput(parseResult), threshold, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? envFile, OutputFormat output, TimeSpan maxLag, CancellationToken cancellationToken)
    {
        var loaded = await RunCommand.TryLoadOptionsAsync(context, envFile, output, cancellationToken).ConfigureAwait(false);
        if (loaded.Options is not { } options)
        {
            return loaded.ExitCode;
        }

        var now = context.TimeProvider.GetUtcNow();
        using var stateFile = await ReadStateFileAsync(options.State.Directory, cancellationToken).ConfigureAwait(false);

        StoredRun? lastRun;
        DateTimeOffset? unfinishedSince;
        var feeds = new List<FeedStatus>();
        using (var store = ForwarderStore.OpenReadOnly(options.State.Directory, context.TimeProvider))
        {
            lastRun = store?.GetLastEndedRun();
            unfinishedSince = store?.GetUnfinishedRunStart();
            foreach (var feed in options.Feeds)
            {
                var watermark = store?.GetWatermark(feed.Name);
                var entry = FeedEntry(stateFile, feed.Name);
                feeds.Add(new FeedStatus(
                    feed.Name,
                    watermark,
                    watermark is { } value ? now - value : null,
                    store?.CountOutbox(feed.Name) ?? 0,
                    store?.CountRejected(feed.Name) ?? 0,
                    store?.CountQuarantined(feed.Name) ?? 0,
                    entry is { } feedEntry && feedEntry.TryGetProperty("exitCode", out var exitCode) && exitCode.ValueKind == JsonValueKind.Number ? exitCode.GetInt32() : null,
                    StringProperty(entry, "paginationWarning"),
                    StringProperty(entry, "lastError")));
            }
        }

        var problems = FindProblems(lastRun, feeds, maxLag);
        var healthy = problems.Count == 0;
        var lastError = lastRun?.SummaryJson is { } summary ? ReadError(summary) : null;

        if (output == OutputFormat.Json)
        {
            await context.Out.WriteLineAsync(Json(now, healthy, maxLag, lastRun, lastError, unfinishedSince, feeds, problems)).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteAsync(Text(now, healthy, lastRun, lastError, unfinishedSince, feeds, problems)).ConfigureAwait(false);
        }

        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return healthy ? ExitCodes.Success : ExitCodes.Unhealthy;
    }

    private static List<string> FindProblems(StoredRun? lastRun, IReadOnlyList<FeedStatus> feeds, TimeSpan maxLag)
    {
        var problems = new List<string>();
        if (lastRun is null)
        {
            problems.Add("no run has finished yet");
        }
        else if (lastRun.ExitCode != ExitCodes.Success)
        {
            problems.Add($"the last run failed with exit code {lastRun.ExitCode}");
        }

        foreach (var feed in feeds)
        {
            if (feed.Lag is not { } lag)
            {
                problems.Add($"feed {feed.Feed} has no watermark yet: no run has read it completely");
            }
            else if (lag > maxLag)
            {
                problems.Add($"feed {feed.Feed} lags {FormatDuration(lag)}, more than the threshold of {FormatDuration(maxLag)}");
            }
        }

        return problems;
    }

    private static async Task<JsonDocument?> ReadStateFileAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(stateDirectory, StateFileWriter.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            // state.json is replaced atomically, so this is a file edited by hand; the store still has the facts.
            return null;
        }
    }

    private static JsonElement? FeedEntry(JsonDocument? stateFile, string feed)
    {
        if (stateFile is not null
            && stateFile.RootElement.TryGetProperty("feeds", out var feeds)
            && feeds.ValueKind == JsonValueKind.Object
            && feeds.TryGetProperty(feed, out var entry))
        {
            return entry;
        }

        return null;
    }

    private static string? StringProperty(JsonElement? element, string name)
    {
        return element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;
    }

    private static string? ReadError(string summaryJson)
    {
        try
        {
            using var summary = JsonDocument.Parse(summaryJson);
            return StringProperty(summary.RootElement, "error");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Json(DateTimeOffset now, bool healthy, TimeSpan maxLag, StoredRun? lastRun, string? lastError, DateTimeOffset? unfinishedSince, IReadOnlyList<FeedStatus> feeds, IReadOnlyList<string> problems)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteBoolean("healthy", healthy);
            json.WriteNumber("exitCode", healthy ? ExitCodes.Success : ExitCodes.Unhealthy);
            json.WriteString("checkedAt", now);
            json.WriteNumber("maxLagSeconds", maxLag.TotalSeconds);

            if (lastRun is null)
            {
                json.WriteNull("lastRun");
            }
            else
            {
                json.WriteStartObject("lastRun");
                json.WriteString("runId", lastRun.RunId);
                json.WriteString("startedAt", lastRun.StartedAt);
                json.WriteString("endedAt", lastRun.EndedAt);
                json.WriteString("result", lastRun.ExitCode == ExitCodes.Success ? "success" : "failed");
                json.WriteNumber("exitCode", lastRun.ExitCode);
                json.WriteString("error", lastError);
                json.WriteEndObject();
            }

            if (unfinishedSince is { } since)
            {
                json.WriteString("unfinishedRunStartedAt", since);
            }
            else
            {
                json.WriteNull("unfinishedRunStartedAt");
            }

            json.WriteStartObject("feeds");
            foreach (var feed in feeds)
            {
                json.WriteStartObject(feed.Feed);
                if (feed.Watermark is { } watermark)
                {
                    json.WriteString("watermark", watermark);
                    json.WriteNumber("lagSeconds", Math.Round(feed.Lag!.Value.TotalSeconds, 3));
                }
                else
                {
                    json.WriteNull("watermark");
                    json.WriteNull("lagSeconds");
                }

                json.WriteNumber("outboxDepth", feed.OutboxDepth);
                json.WriteNumber("rejected", feed.Rejected);
                json.WriteNumber("quarantined", feed.Quarantined);
                if (feed.LastRunExitCode is { } exitCode)
                {
                    json.WriteString("lastRunResult", exitCode == ExitCodes.Success ? "success" : "failed");
                    json.WriteNumber("lastRunExitCode", exitCode);
                }
                else
                {
                    json.WriteNull("lastRunResult");
                    json.WriteNull("lastRunExitCode");
                }

                json.WriteString("paginationWarning", feed.PaginationWarning);
                json.WriteString("lastError", feed.LastError);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("problems");
            foreach (var problem in problems)
            {
                json.WriteStringValue(problem);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Text(DateTimeOffset now, bool healthy, StoredRun? lastRun, string? lastError, DateTimeOffset? unfinishedSince, IReadOnlyList<FeedStatus> feeds, IReadOnlyList<string> problems)
    {
        var text = new StringBuilder();
        if (lastRun is null)
        {
            text.AppendLine("No run has finished yet.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Last run {lastRun.RunId} ended {Timestamp(lastRun.EndedAt)} ({FormatDuration(now - lastRun.EndedAt)} ago) with exit code {lastRun.ExitCode} ({(lastRun.ExitCode == 0 ? "success" : "failed")}).");
            if (lastError is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  error: {lastError}");
            }
        }

        if (unfinishedSince is { } since)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"A run started {Timestamp(since)} has not ended: it is running now, or it was killed.");
        }

        foreach (var feed in feeds)
        {
            var watermark = feed.Watermark is { } value ? $"watermark {Timestamp(value)}, lag {FormatDuration(feed.Lag!.Value)}" : "no watermark yet";
            text.AppendLine(CultureInfo.InvariantCulture, $"Feed {feed.Feed}: {watermark}; outbox {feed.OutboxDepth}, rejected {feed.Rejected}, quarantined {feed.Quarantined}.");
            if (feed.PaginationWarning is { } warning)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  warning: {warning}");
            }

            if (feed.Quarantined > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  warning: {feed.Quarantined} events are quarantined and will not be sent until you act: see 'quarantine list'.");
            }

            if (feed.LastError is { } error)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  last error: {error}");
            }
        }

        text.AppendLine(healthy ? "Healthy." : $"Unhealthy: {string.Join("; ", problems)}.");
        return text.ToString();
    }

    private static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours}h")
            : duration.TotalHours >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes}m")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m {duration.Seconds}s");
    }
}
