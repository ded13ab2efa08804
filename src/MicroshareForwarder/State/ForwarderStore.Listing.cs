using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.State;

/// <summary>Queries and changes for operators: the quarantine, the rejected records and the run history.</summary>
internal sealed partial class ForwarderStore
{
    /// <summary>
    /// Lists quarantined events, oldest first, for one feed or all, optionally only the rows in
    /// <paramref name="ids"/>. Payloads are read only when <paramref name="includeBodies"/> is true.
    /// </summary>
    public IReadOnlyList<QuarantinedEvent> ListQuarantined(string? feed = null, IReadOnlyCollection<long>? ids = null, bool includeBodies = false)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, feed, destination, event_id, event_type, event_time_ms, reason, quarantined_at_ms, length(body), {(includeBodies ? "body" : "NULL")}
            FROM quarantine
            WHERE (@feed IS NULL OR feed = @feed)
              AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids)))
            ORDER BY id
            """;
        command.Parameters.AddWithValue("@feed", (object?)feed ?? DBNull.Value);
        command.Parameters.AddWithValue("@ids", ids is null ? DBNull.Value : JsonSerializer.Serialize(ids, StoreJsonContext.Default.IReadOnlyCollectionInt64));

        var events = new List<QuarantinedEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new QuarantinedEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetString(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.GetInt64(8),
                reader.IsDBNull(9) ? [] : (byte[])reader.GetValue(9)));
        }

        return events;
    }

    /// <summary>
    /// Moves quarantined events back to the outbox in one transaction, so the next run sends
    /// them again with their original event ids: the rows in <paramref name="ids"/>, or every
    /// row of <paramref name="feed"/> (or of all feeds) when <paramref name="ids"/> is null.
    /// Returns how many events were moved.
    /// </summary>
    public int RetryQuarantined(string? feed = null, IReadOnlyCollection<long>? ids = null)
    {
        using var transaction = _connection.BeginTransaction();

        using var move = _connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS retry_ids (id INTEGER PRIMARY KEY);
            DELETE FROM retry_ids;
            INSERT INTO retry_ids (id)
                SELECT id FROM quarantine
                WHERE (@feed IS NULL OR feed = @feed)
                  AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids)));
            INSERT OR IGNORE INTO outbox (feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, enqueued_at_ms)
                SELECT feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, @now
                FROM quarantine WHERE id IN (SELECT id FROM retry_ids) ORDER BY id;
            DELETE FROM quarantine WHERE id IN (SELECT id FROM retry_ids);
            """;
        move.Parameters.AddWithValue("@feed", (object?)feed ?? DBNull.Value);
        move.Parameters.AddWithValue("@ids", ids is null ? DBNull.Value : JsonSerializer.Serialize(ids, StoreJsonContext.Default.IReadOnlyCollectionInt64));
        move.Parameters.AddWithValue("@now", NowMilliseconds());
        move.ExecuteNonQuery();

        using var count = _connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM retry_ids";
        var moved = Convert.ToInt32((long)count.ExecuteScalar()!);

        transaction.Commit();
        return moved;
    }

    /// <summary>Lists the newest rejected records first, up to <paramref name="limit"/>, without their payloads.</summary>
    public IReadOnlyList<RejectedEntry> ListRejected(string? feed = null, int limit = 100)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, feed, record_id, reason, rejected_at_ms, length(body) FROM rejected
            WHERE (@feed IS NULL OR feed = @feed)
            ORDER BY id DESC LIMIT @limit
            """;
        command.Parameters.AddWithValue("@feed", (object?)feed ?? DBNull.Value);
        command.Parameters.AddWithValue("@limit", limit);

        var entries = new List<RejectedEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new RejectedEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5)));
        }

        return entries;
    }

    /// <summary>Lists the newest runs first, up to <paramref name="limit"/>.</summary>
    public IReadOnlyList<RunHistoryEntry> ListRuns(int limit = 20)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT run_id, started_at_ms, ended_at_ms, exit_code, summary FROM runs ORDER BY started_at_ms DESC, run_id DESC LIMIT @limit";
        command.Parameters.AddWithValue("@limit", limit);

        var runs = new List<RunHistoryEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            runs.Add(new RunHistoryEntry(
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return runs;
    }

    /// <summary>
    /// Removes run history and rejected records older than <paramref name="retention"/>, so
    /// the file stays bounded like the delivered ids. Quarantined events are kept until an
    /// operator retries them, because they were never delivered. Returns how many rows were removed.
    /// </summary>
    public int PruneHistory(TimeSpan retention)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            DELETE FROM runs WHERE started_at_ms < @cutoff;
            DELETE FROM rejected WHERE rejected_at_ms < @cutoff;
            """;
        command.Parameters.Add("@cutoff", SqliteType.Integer).Value = (_timeProvider.GetUtcNow() - retention).ToUnixTimeMilliseconds();
        return command.ExecuteNonQuery();
    }
}
