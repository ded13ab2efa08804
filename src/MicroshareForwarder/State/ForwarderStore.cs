using System.Text.Json;
using MicroshareForwarder.Pipeline;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.State;

/// <summary>
/// The forwarder's local state in SQLite: outbox, delivered ids, watermarks, rejected and
/// quarantined events, and run history. WAL mode with <c>synchronous=FULL</c>, so a
/// committed transaction survives a crash or a power loss. The file is created with
/// mode 0600 because the outbox contains record payloads.
/// </summary>
internal sealed partial class ForwarderStore : IDisposable
{
    public const string FileName = "forwarder.db";

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _timeProvider;

    private ForwarderStore(SqliteConnection connection, string path, TimeProvider timeProvider)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>
    /// Opens or creates the store in <paramref name="stateDirectory"/>, checks its integrity
    /// and applies pending migrations. A store that fails the check is renamed with a
    /// timestamp and <see cref="StoreCorruptException"/> is raised: starting from an empty
    /// store would forward everything again or skip data.
    /// </summary>
    public static ForwarderStore Open(string stateDirectory, TimeProvider timeProvider)
    {
        var path = Path.Combine(stateDirectory, FileName);

        SqliteConnection? connection = null;
        try
        {
            CreateIfMissing(path);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString());
            connection.Open();

            CheckIntegrity(connection);
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            Migrate(connection);
            return new ForwarderStore(connection, path, timeProvider);
        }
        catch (SqliteException exception) when (IsCorruption(exception))
        {
            connection?.Dispose();
            SqliteConnection.ClearAllPools();
            var movedTo = MoveAside(path, timeProvider);
            throw new StoreCorruptException(
                $"The state store '{path}' is damaged ({exception.Message.TrimEnd('.')}). It was moved to '{movedTo}' and kept for inspection. "
                + "Starting from an empty store would forward old records again, so the run stopped: restore a backup of the state directory, "
                + "or accept a full re-read by running again, which creates a new store.",
                exception);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>Returns which of <paramref name="eventIds"/> are delivered, waiting in the outbox or quarantined for the destination.</summary>
    public HashSet<string> FindKnownIds(string destination, IReadOnlyCollection<string> eventIds)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (eventIds.Count == 0)
        {
            return known;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT ids.value FROM json_each(@ids) AS ids
            WHERE EXISTS (SELECT 1 FROM delivered WHERE destination = @destination AND event_id = ids.value)
               OR EXISTS (SELECT 1 FROM outbox WHERE destination = @destination AND event_id = ids.value)
               OR EXISTS (SELECT 1 FROM quarantine WHERE destination = @destination AND event_id = ids.value)
            """;
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(eventIds, StoreJsonContext.Default.IReadOnlyCollectionString));
        command.Parameters.AddWithValue("@destination", destination);

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            known.Add(reader.GetString(0));
        }

        return known;
    }

    /// <summary>
    /// Commits a page's new events to the outbox and its rejected records, in one
    /// transaction, and returns the events with their outbox sequence numbers.
    /// </summary>
    /// <param name="events">The new events.</param>
    /// <param name="rejected">The records that failed validation.</param>
    /// <param name="periods">Content hashes of dashboard periods to record with the events, or null.</param>
    public IReadOnlyList<OutboxEvent> Enqueue(IReadOnlyList<OutboxEvent> events, IReadOnlyList<RejectedRecord> rejected, IReadOnlyList<PeriodState>? periods = null)
    {
        var now = NowMilliseconds();
        var stored = new List<OutboxEvent>(events.Count);

        using var transaction = _connection.BeginTransaction();

        using (var insert = new OutboxInsertCommand(_connection, now))
        {
            foreach (var item in events)
            {
                stored.Add(insert.Insert(item));
            }
        }

        using (var reject = _connection.CreateCommand())
        {
            reject.Transaction = transaction;
            reject.CommandText = "INSERT INTO rejected (feed, record_id, reason, body, rejected_at_ms) VALUES (@feed, @recordId, @reason, @body, @now)";
            var feed = reject.Parameters.Add("@feed", SqliteType.Text);
            var recordId = reject.Parameters.Add("@recordId", SqliteType.Text);
            var reason = reject.Parameters.Add("@reason", SqliteType.Text);
            var body = reject.Parameters.Add("@body", SqliteType.Blob);
            reject.Parameters.AddWithValue("@now", now);

            foreach (var item in rejected)
            {
                feed.Value = item.Feed;
                recordId.Value = (object?)item.RecordId ?? DBNull.Value;
                reason.Value = item.Reason;
                body.Value = item.Body.ToArray();
                reject.ExecuteNonQuery();
            }
        }

        if (periods is { Count: > 0 })
        {
            SavePeriods(transaction, periods, now);
        }

        transaction.Commit();
        return stored;
    }

    /// <summary>Returns the recorded state of the feed's dashboard periods that start at or after <paramref name="from"/>, keyed by subject.</summary>
    public Dictionary<string, PeriodState> ReadPeriods(string feed, DateTimeOffset from)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT subject, period_start_ms, content_sha256, revision FROM periods WHERE feed = @feed AND period_start_ms >= @from";
        command.Parameters.AddWithValue("@feed", feed);
        command.Parameters.AddWithValue("@from", from.ToUnixTimeMilliseconds());

        var periods = new Dictionary<string, PeriodState>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var state = new PeriodState(feed, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3));
            periods[state.Subject] = state;
        }

        return periods;
    }

    /// <summary>Forgets dashboard period hashes older than <paramref name="before"/>; periods that old are outside every query window.</summary>
    public int PrunePeriods(string feed, DateTimeOffset before)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM periods WHERE feed = @feed AND period_start_ms < @before";
        command.Parameters.AddWithValue("@feed", feed);
        command.Parameters.AddWithValue("@before", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private void SavePeriods(SqliteTransaction transaction, IReadOnlyList<PeriodState> periods, long now)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO periods (feed, subject, period_start_ms, content_sha256, revision, updated_at_ms)
            VALUES (@feed, @subject, @start, @hash, @revision, @now)
            ON CONFLICT (feed, subject) DO UPDATE SET content_sha256 = excluded.content_sha256, revision = excluded.revision, updated_at_ms = excluded.updated_at_ms
            """;
        var feed = command.Parameters.Add("@feed", SqliteType.Text);
        var subject = command.Parameters.Add("@subject", SqliteType.Text);
        var start = command.Parameters.Add("@start", SqliteType.Integer);
        var hash = command.Parameters.Add("@hash", SqliteType.Text);
        var revision = command.Parameters.Add("@revision", SqliteType.Integer);
        command.Parameters.AddWithValue("@now", now);

        foreach (var period in periods)
        {
            feed.Value = period.Feed;
            subject.Value = period.Subject;
            start.Value = period.PeriodStart.ToUnixTimeMilliseconds();
            hash.Value = period.ContentSha256;
            revision.Value = period.Revision;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Records the events as delivered and removes them from the outbox, in one transaction.
    /// Events with consecutive sequence numbers, as a page's events are, move with one
    /// statement per run of numbers rather than two per event.
    /// </summary>
    public void MarkDelivered(IReadOnlyList<OutboxEvent> events)
    {
        var now = NowMilliseconds();
        using var transaction = _connection.BeginTransaction();

        using var deliver = _connection.CreateCommand();
        deliver.Transaction = transaction;
        deliver.CommandText = """
            INSERT OR IGNORE INTO delivered (destination, event_id, feed, delivered_at_ms)
            SELECT destination, event_id, feed, @now FROM outbox WHERE sequence BETWEEN @first AND @last;
            DELETE FROM outbox WHERE sequence BETWEEN @first AND @last;
            """;
        var first = deliver.Parameters.Add("@first", SqliteType.Integer);
        var last = deliver.Parameters.Add("@last", SqliteType.Integer);
        deliver.Parameters.AddWithValue("@now", now);

        foreach (var (from, to) in SequenceRuns(events))
        {
            first.Value = from;
            last.Value = to;
            deliver.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Returns the sequence numbers of <paramref name="events"/> as runs of consecutive numbers, lowest first.</summary>
    internal static List<(long First, long Last)> SequenceRuns(IReadOnlyList<OutboxEvent> events)
    {
        var sequences = new long[events.Count];
        for (var index = 0; index < sequences.Length; index++)
        {
            // Delivered rows are copied from the outbox rows, so an event that was never
            // stored would silently stay unmarked and be sent again by the next run.
            sequences[index] = events[index].Sequence > 0
                ? events[index].Sequence
                : throw new ArgumentException($"Event {index} of {sequences.Length} has no outbox sequence number: only events read from or committed to the outbox can be marked delivered.", nameof(events));
        }

        Array.Sort(sequences);

        var runs = new List<(long First, long Last)>();
        foreach (var sequence in sequences)
        {
            if (runs.Count > 0 && sequence <= runs[^1].Last + 1)
            {
                runs[^1] = (runs[^1].First, Math.Max(sequence, runs[^1].Last));
                continue;
            }

            runs.Add((sequence, sequence));
        }

        return runs;
    }

    /// <summary>Moves an event that Event Hubs can never accept from the outbox to the quarantine.</summary>
    public void Quarantine(OutboxEvent item, string reason)
    {
        using var transaction = _connection.BeginTransaction();

        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO quarantine (feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, reason, quarantined_at_ms, subject, revision)
            VALUES (@feed, @destination, @eventId, @eventType, @source, @time, @partitionKey, @body, @reason, @now, @subject, @revision);
            DELETE FROM outbox WHERE sequence = @sequence;
            """;
        command.Parameters.AddWithValue("@feed", item.Feed);
        command.Parameters.AddWithValue("@destination", item.Destination);
        command.Parameters.AddWithValue("@eventId", item.EventId);
        command.Parameters.AddWithValue("@eventType", item.EventType);
        command.Parameters.AddWithValue("@source", item.Source);
        command.Parameters.AddWithValue("@time", item.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@partitionKey", (object?)item.PartitionKey ?? DBNull.Value);
        command.Parameters.AddWithValue("@body", item.Body.ToArray());
        command.Parameters.AddWithValue("@reason", reason);
        command.Parameters.AddWithValue("@subject", (object?)item.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue("@revision", (object?)item.Revision ?? DBNull.Value);
        command.Parameters.AddWithValue("@now", NowMilliseconds());
        command.Parameters.AddWithValue("@sequence", item.Sequence);
        command.ExecuteNonQuery();

        transaction.Commit();
    }

    /// <summary>Reads up to <paramref name="limit"/> outbox events of a feed and destination after a sequence number, oldest first.</summary>
    public IReadOnlyList<OutboxEvent> ReadOutbox(string feed, string destination, long afterSequence, int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT sequence, feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, subject, revision
            FROM outbox WHERE feed = @feed AND destination = @destination AND sequence > @after
            ORDER BY sequence LIMIT @limit
            """;
        command.Parameters.AddWithValue("@feed", feed);
        command.Parameters.AddWithValue("@destination", destination);
        command.Parameters.AddWithValue("@after", afterSequence);
        command.Parameters.AddWithValue("@limit", limit);
        return ReadOutboxEvents(command);
    }

    private static List<OutboxEvent> ReadOutboxEvents(SqliteCommand command)
    {
        var events = new List<OutboxEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new OutboxEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                (byte[])reader.GetValue(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10)));
        }

        return events;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> outbox events of a feed and destination in record
    /// time order (oldest first, ties by sequence), after the position (<paramref name="afterTime"/>,
    /// <paramref name="afterSequence"/>); pass <see cref="DateTimeOffset.MinValue"/> and 0 to start.
    /// </summary>
    public IReadOnlyList<OutboxEvent> ReadOutboxInTimeOrder(string feed, string destination, DateTimeOffset afterTime, long afterSequence, int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT sequence, feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, subject, revision
            FROM outbox WHERE feed = @feed AND destination = @destination
              AND (event_time_ms > @afterTime OR (event_time_ms = @afterTime AND sequence > @after))
            ORDER BY event_time_ms, sequence LIMIT @limit
            """;
        command.Parameters.AddWithValue("@feed", feed);
        command.Parameters.AddWithValue("@destination", destination);
        command.Parameters.AddWithValue("@afterTime", afterTime == DateTimeOffset.MinValue ? long.MinValue : afterTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@after", afterSequence);
        command.Parameters.AddWithValue("@limit", limit);
        return ReadOutboxEvents(command);
    }

    /// <summary>Counts the events waiting in the outbox, for one feed or for all.</summary>
    public long CountOutbox(string? feed = null)
    {
        return ScalarLong(feed is null ? "SELECT COUNT(*) FROM outbox" : "SELECT COUNT(*) FROM outbox WHERE feed = @feed", feed);
    }

    public long CountQuarantined(string? feed = null)
    {
        return ScalarLong(feed is null ? "SELECT COUNT(*) FROM quarantine" : "SELECT COUNT(*) FROM quarantine WHERE feed = @feed", feed);
    }

    public long CountRejected(string? feed = null)
    {
        return ScalarLong(feed is null ? "SELECT COUNT(*) FROM rejected" : "SELECT COUNT(*) FROM rejected WHERE feed = @feed", feed);
    }

    public long CountDelivered(string? feed = null)
    {
        return ScalarLong(feed is null ? "SELECT COUNT(*) FROM delivered" : "SELECT COUNT(*) FROM delivered WHERE feed = @feed", feed);
    }

    /// <summary>Returns the feed's watermark: the newest record time up to which everything is delivered.</summary>
    public DateTimeOffset? GetWatermark(string feed)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT watermark_ms FROM feeds WHERE feed = @feed";
        command.Parameters.AddWithValue("@feed", feed);
        var value = command.ExecuteScalar();
        return value is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    public void SetWatermark(string feed, DateTimeOffset watermark)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO feeds (feed, watermark_ms, updated_at_ms) VALUES (@feed, @watermark, @now)
            ON CONFLICT (feed) DO UPDATE SET watermark_ms = excluded.watermark_ms, updated_at_ms = excluded.updated_at_ms
            """;
        command.Parameters.AddWithValue("@feed", feed);
        command.Parameters.AddWithValue("@watermark", watermark.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@now", NowMilliseconds());
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets delivered ids older than the retention, so the file stays bounded. Returns how many were removed.</summary>
    public int PruneDelivered(TimeSpan retention)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM delivered WHERE delivered_at_ms < @cutoff";
        command.Parameters.AddWithValue("@cutoff", (_timeProvider.GetUtcNow() - retention).ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public void RecordRunStarted(string runId, DateTimeOffset startedAt)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO runs (run_id, started_at_ms) VALUES (@runId, @startedAt)";
        command.Parameters.AddWithValue("@runId", runId);
        command.Parameters.AddWithValue("@startedAt", startedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public void RecordRunEnded(string runId, DateTimeOffset endedAt, int exitCode, string summaryJson)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE runs SET ended_at_ms = @endedAt, exit_code = @exitCode, summary = @summary WHERE run_id = @runId";
        command.Parameters.AddWithValue("@runId", runId);
        command.Parameters.AddWithValue("@endedAt", endedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@exitCode", exitCode);
        command.Parameters.AddWithValue("@summary", summaryJson);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    private long ScalarLong(string sql, string? feed)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (feed is not null)
        {
            command.Parameters.AddWithValue("@feed", feed);
        }

        return (long)command.ExecuteScalar()!;
    }

    private long NowMilliseconds() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Creates a new store with its schema in a temporary file and renames it into place,
    /// so an empty file at <paramref name="path"/> can only mean a truncated store.
    /// </summary>
    private static void CreateIfMissing(string path)
    {
        if (!File.Exists(path) && Directory.GetFiles(Path.GetDirectoryName(path)!, FileName + ".corrupt-*").FirstOrDefault(file => !file.EndsWith("-wal", StringComparison.Ordinal) && !file.EndsWith("-shm", StringComparison.Ordinal)) is { } damaged)
        {
            throw new StoreCorruptException(
                $"An earlier run moved a damaged state store to '{damaged}'. A new, empty store would forward everything Microshare still holds again, "
                + $"so the forwarder waits for a decision: restore a backup of '{path}', or move '{damaged}' out of the state directory to start afresh.");
        }

        if (File.Exists(path))
        {
            if (new FileInfo(path).Length == 0)
            {
                throw new SqliteException("the file is empty (truncated)", 26);
            }

            return;
        }

        var temporaryPath = $"{path}.{Environment.ProcessId}.new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = AtomicFile.OwnerOnly;
        }

        using (new FileStream(temporaryPath, options))
        {
        }

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporaryPath, Pooling = false }.ToString()))
        {
            connection.Open();

            // Outbox rows carry bodies of 1 to 2 KB. On 16 KiB pages each insert and delete
            // touches fewer B-tree pages than on the default 4 KiB ones.
            Execute(connection, "PRAGMA page_size=16384;");
            Migrate(connection);
        }

        try
        {
            File.Move(temporaryPath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the store first; use that one.
            File.Delete(temporaryPath);
        }
    }

    private static void CheckIntegrity(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        var result = command.ExecuteScalar() as string;
        if (!string.Equals(result, "ok", StringComparison.Ordinal))
        {
            throw new SqliteException($"integrity check failed: {result}", 11);
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        if (version > StoreSchema.Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The state store has schema version {version}, newer than this forwarder understands ({StoreSchema.Migrations.Length}): install the newer forwarder again or restore the state directory.");
        }

        for (var index = version; index < StoreSchema.Migrations.Length; index++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = StoreSchema.Migrations[index] + $"; PRAGMA user_version = {index + 1};";
            migrate.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool IsCorruption(SqliteException exception)
    {
        // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26).
        return exception.SqliteErrorCode is 11 or 26;
    }

    private static string MoveAside(string path, TimeProvider timeProvider)
    {
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        File.Move(path, target);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }
}
