using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Cli;

/// <summary>
/// <c>microshare-forwarder quarantine list|export|retry</c>: shows the events that Event Hubs
/// can never accept as they are (larger than the hub's maximum size), writes their payloads
/// to a file for inspection, and moves them back to the outbox once the hub accepts them.
/// </summary>
internal static class QuarantineCommand
{
    public static Command Create(CommonOptions common, CliContext context)
    {
        var command = new Command("quarantine", "List, export or retry the events that Event Hubs rejected as too large. The next 'run' sends retried events with their original ids.");
        command.Subcommands.Add(CreateList(common, context));
        command.Subcommands.Add(CreateExport(common, context));
        command.Subcommands.Add(CreateRetry(common, context));
        return command;
    }

    private static Option<string?> CreateFeedOption() => new("--feed")
    {
        Description = "Only events of the feed with this name. Default: every feed.",
        HelpName = "NAME",
    };

    private static Option<long[]> CreateIdOption(string description) => new("--id")
    {
        Description = description,
        HelpName = "ID",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command CreateList(CommonOptions common, CliContext context)
    {
        var feed = CreateFeedOption();
        var command = new Command("list", "List the quarantined events with their reason and size, without payloads.");
        common.AddTo(command);
        command.Options.Add(feed);
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            takeLock: false,
            (store, _) => ListAsync(context, store, parseResult.GetValue(feed), common.GetOutput(parseResult)),
            cancellationToken));
        return command;
    }

    private static Command CreateExport(CommonOptions common, CliContext context)
    {
        var feed = CreateFeedOption();
        var ids = CreateIdOption("Only the quarantined events with these ids (from 'quarantine list'). Default: all.");
        var file = new Option<string>("--file")
        {
            Description = "Where to write the events, one JSON object per line with the payload under \"body\". The file is created with mode 0600 because payloads name devices and locations. '-' writes to stdout.",
            HelpName = "PATH",
            Required = true,
        };

        var command = new Command("export", "Write the quarantined events with their payloads to a file, one JSON object per line.");
        common.AddTo(command);
        command.Options.Add(feed);
        command.Options.Add(ids);
        command.Options.Add(file);
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            takeLock: false,
            (store, token) => ExportAsync(context, store, parseResult.GetValue(feed), NullIfEmpty(parseResult.GetValue(ids)), parseResult.GetValue(file)!, token),
            cancellationToken));
        return command;
    }

    private static Command CreateRetry(CommonOptions common, CliContext context)
    {
        var feed = CreateFeedOption();
        var ids = CreateIdOption("The quarantined events to retry, by id (from 'quarantine list').");
        var all = new Option<bool>("--all")
        {
            Description = "Retry every quarantined event (of --feed, when given).",
        };

        var command = new Command("retry", "Move quarantined events back to the outbox, so the next run sends them again. Takes the state directory's lock, so it exits 75 while a run is active.");
        common.AddTo(command);
        command.Options.Add(feed);
        command.Options.Add(ids);
        command.Options.Add(all);
        command.Validators.Add(result =>
        {
            var hasIds = result.GetValue(ids) is { Length: > 0 };
            var hasAll = result.GetValue(all);
            if (hasIds == hasAll)
            {
                result.AddError("Give either --id with one or more quarantine ids, or --all.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => WithStoreAsync(
            context,
            parseResult.GetValue(common.EnvFile),
            takeLock: true,
            (store, _) => RetryAsync(context, store, parseResult.GetValue(feed), NullIfEmpty(parseResult.GetValue(ids)), common.GetOutput(parseResult)),
            cancellationToken));
        return command;
    }

    /// <summary>Loads the configuration, opens the store (under the instance lock when <paramref name="takeLock"/>) and maps failures to exit codes.</summary>
    private static async Task<int> WithStoreAsync(CliContext context, string? envFile, bool takeLock, Func<ForwarderStore, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            var options = await RunCommand.LoadOptionsAsync(context, envFile, cancellationToken).ConfigureAwait(false);
            var databasePath = Path.Combine(options.State.Directory, ForwarderStore.FileName);
            if (!File.Exists(databasePath))
            {
                await context.Error.WriteLineAsync($"No state store at '{databasePath}', so nothing is quarantined: check FORWARDER_STATE_DIR, or run the forwarder first.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            using var instanceLock = takeLock ? InstanceLock.Acquire(options.State.Directory) : null;
            using var store = ForwarderStore.Open(options.State.Directory, TimeProvider.System);
            return await action(store, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await context.Error.WriteLineAsync(FailureClassifier.Describe(exception)).ConfigureAwait(false);
            return FailureClassifier.Classify(exception);
        }
    }

    private static async Task<int> ListAsync(CliContext context, ForwarderStore store, string? feed, OutputFormat output)
    {
        var events = store.ListQuarantined(feed);
        if (output == OutputFormat.Json)
        {
            await context.Out.WriteLineAsync(ListJson(events)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (events.Count == 0)
        {
            await context.Out.WriteLineAsync("No events are quarantined.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await context.Out.WriteLineAsync($"{events.Count} quarantined events:").ConfigureAwait(false);
        await context.Out.WriteLineAsync("ID\tFEED\tEVENT ID\tBYTES\tQUARANTINED AT\tREASON").ConfigureAwait(false);
        foreach (var item in events)
        {
            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{item.Id}\t{item.Feed}\t{item.EventId}\t{item.BodyLength}\t{item.QuarantinedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{item.Reason}")).ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync("Retry with 'quarantine retry --id ID' once the hub accepts events of that size, or inspect them with 'quarantine export --file PATH'.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> ExportAsync(CliContext context, ForwarderStore store, string? feed, long[]? ids, string file, CancellationToken cancellationToken)
    {
        var events = store.ListQuarantined(feed, ids, includeBodies: true);
        if (ids is not null)
        {
            var found = events.Select(item => item.Id).ToHashSet();
            var unknown = ids.Where(id => !found.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                await context.Error.WriteLineAsync($"No quarantined event has the id {string.Join(", ", unknown)}{(feed is null ? string.Empty : $" in feed '{feed}'")}: see 'quarantine list'. Nothing was written.").ConfigureAwait(false);
                return ExitCodes.Configuration;
            }
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var item in events)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteEvent(writer, item);
            }

            System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        }

        if (file == "-")
        {
            await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await AtomicFile.WriteAsync(file, buffer.WrittenMemory, AtomicFile.OwnerOnly, cancellationToken).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"Wrote {events.Count} quarantined events to '{file}' (mode 0600).").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> RetryAsync(CliContext context, ForwarderStore store, string? feed, long[]? ids, OutputFormat output)
    {
        if (ids is not null)
        {
            var found = store.ListQuarantined(feed, ids).Select(item => item.Id).ToHashSet();
            var unknown = ids.Where(id => !found.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                await context.Error.WriteLineAsync($"No quarantined event has the id {string.Join(", ", unknown)}{(feed is null ? string.Empty : $" in feed '{feed}'")}: see 'quarantine list'. Nothing was moved.").ConfigureAwait(false);
                return ExitCodes.Configuration;
            }
        }

        var moved = store.RetryQuarantined(feed, ids);
        if (output == OutputFormat.Json)
        {
            await context.Out.WriteLineAsync($"{{\"moved\":{moved.ToString(CultureInfo.InvariantCulture)}}}").ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Moved {moved} quarantined events back to the outbox; the next run sends them.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static string ListJson(IReadOnlyList<QuarantinedEvent> events)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", events.Count);
            writer.WriteStartArray("quarantined");
            foreach (var item in events)
            {
                WriteEvent(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes one event; the payload goes under <c>body</c> as JSON when it parses, else as base64 under <c>bodyBase64</c>.</summary>
    private static void WriteEvent(Utf8JsonWriter writer, QuarantinedEvent item)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", item.Id);
        writer.WriteString("feed", item.Feed);
        writer.WriteString("destination", item.Destination);
        writer.WriteString("eventId", item.EventId);
        writer.WriteString("eventType", item.EventType);
        writer.WriteString("eventTime", item.EventTime);
        writer.WriteString("quarantinedAt", item.QuarantinedAt);
        writer.WriteString("reason", item.Reason);
        writer.WriteNumber("bytes", item.BodyLength);
        if (item.Body.Length > 0)
        {
            if (IsJson(item.Body))
            {
                writer.WritePropertyName("body");
                writer.WriteRawValue(item.Body, skipInputValidation: true);
            }
            else
            {
                writer.WriteBase64String("bodyBase64", item.Body);
            }
        }

        writer.WriteEndObject();
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long[]? NullIfEmpty(long[]? ids) => ids is { Length: > 0 } ? ids : null;
}
