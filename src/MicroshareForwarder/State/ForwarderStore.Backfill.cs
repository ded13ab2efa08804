using System.Text.Json;
using MicroshareForwarder.Pipeline;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.State;

/// <summary>Backfill progress, so an interrupted backfill resumes without loss or repetition.</summary>
internal sealed partial class ForwarderStore
{
    /// <summary>
    /// Returns the unfinished job for exactly this feed, destination, range and mode, or
    /// creates one. A finished job with the same parameters is not reused: asking again
    /// starts a new pass.
    /// </summary>
    public BackfillJob StartOrResumeBackfill(string feed, string destination, DateTimeOffset from, DateTimeOffset to, bool resend)
    {
        using var transaction = _connection.BeginTransaction();

        using var find = _connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = """
            SELECT job_id, created_at_ms FROM backfill_jobs
            WHERE feed = @feed AND destination = @destination AND from_ms = @from AND to_ms = @to AND resend = @resend AND completed_at_ms IS NULL
            ORDER BY job_id DESC LIMIT 1
            """;
        find.Parameters.AddWithValue("@feed", feed);
        find.Parameters.AddWithValue("@destination", destination);
        find.Parameters.AddWithValue("@from", from.ToUnixTimeMilliseconds());
        find.Parameters.AddWithValue("@to", to.ToUnixTimeMilliseconds());
        find.Parameters.AddWithValue("@resend", resend ? 1 : 0);

        long jobId;
        long createdAt;
        bool resumed;
        using (var reader = find.ExecuteReader())
        {
            resumed = reader.Read();
            jobId = resumed ? reader.GetInt64(0) : 0;
            createdAt = resumed ? reader.GetInt64(1) : NowMilliseconds();
        }

        if (!resumed)
        {
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO backfill_jobs (feed, destination, from_ms, to_ms, resend, created_at_ms)
                VALUES (@feed, @destination, @from, @to, @resend, @now) RETURNING job_id
                """;
            foreach (SqliteParameter parameter in find.Parameters)
            {
                insert.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
            }

            insert.Parameters.AddWithValue("@now", createdAt);
            jobId = (long)insert.ExecuteScalar()!;
        }

        var completed = new HashSet<long>();
        using (var windows = _connection.CreateCommand())
        {
            windows.Transaction = transaction;
            windows.CommandText = "SELECT window_start_ms FROM backfill_windows WHERE job_id = @job";
            windows.Parameters.AddWithValue("@job", jobId);
            using var reader = windows.ExecuteReader();
            while (reader.Read())
            {
                completed.Add(reader.GetInt64(0));
            }
        }

        transaction.Commit();
        return new BackfillJob(jobId, DateTimeOffset.FromUnixTimeMilliseconds(createdAt), completed, resumed);
    }

    /// <summary>Records a window as finished: every event of it in range was delivered, quarantined or already known.</summary>
    public void CompleteBackfillWindow(long jobId, DateTimeOffset windowStart, DateTimeOffset windowEnd, long forwarded)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO backfill_windows (job_id, window_start_ms, window_end_ms, forwarded, completed_at_ms)
            VALUES (@job, @start, @end, @forwarded, @now)
            """;
        command.Parameters.AddWithValue("@job", jobId);
        command.Parameters.AddWithValue("@start", windowStart.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@end", windowEnd.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@forwarded", forwarded);
        command.Parameters.AddWithValue("@now", NowMilliseconds());
        command.ExecuteNonQuery();
    }

    public void CompleteBackfill(long jobId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE backfill_jobs SET completed_at_ms = @now WHERE job_id = @job";
        command.Parameters.AddWithValue("@job", jobId);
        command.Parameters.AddWithValue("@now", NowMilliseconds());
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Returns which of <paramref name="eventIds"/> a <c>--resend</c> job must not send
    /// again: ids waiting in the outbox, quarantined, or already committed by this job.
    /// Delivered ids are deliberately not checked, because sending them again is the point.
    /// </summary>
    public HashSet<string> FindResendKnownIds(long jobId, string destination, IReadOnlyCollection<string> eventIds)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (eventIds.Count == 0)
        {
            return known;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT ids.value FROM json_each(@ids) AS ids
            WHERE EXISTS (SELECT 1 FROM backfill_sent WHERE job_id = @job AND destination = @destination AND event_id = ids.value)
               OR EXISTS (SELECT 1 FROM outbox WHERE destination = @destination AND event_id = ids.value)
               OR EXISTS (SELECT 1 FROM quarantine WHERE destination = @destination AND event_id = ids.value)
            """;
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(eventIds, StoreJsonContext.Default.IReadOnlyCollectionString));
        command.Parameters.AddWithValue("@job", jobId);
        command.Parameters.AddWithValue("@destination", destination);

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            known.Add(reader.GetString(0));
        }

        return known;
    }

    /// <summary>
    /// Commits backfilled events to the outbox and records them as sent by the job, in one
    /// transaction, so a resumed <c>--resend</c> job neither skips nor repeats one.
    /// Returns the events with their outbox sequence numbers.
    /// </summary>
    public IReadOnlyList<OutboxEvent> EnqueueBackfill(long jobId, IReadOnlyList<OutboxEvent> events)
    {
        var now = NowMilliseconds();
        var stored = new List<OutboxEvent>(events.Count);

        using var transaction = _connection.BeginTransaction();

        using var insert = new OutboxInsertCommand(_connection, now);

        using var sent = _connection.CreateCommand();
        sent.Transaction = transaction;
        sent.CommandText = "INSERT OR IGNORE INTO backfill_sent (job_id, destination, event_id) VALUES (@job, @destination, @eventId)";
        sent.Parameters.AddWithValue("@job", jobId);
        var sentDestination = sent.Parameters.Add("@destination", SqliteType.Text);
        var sentEventId = sent.Parameters.Add("@eventId", SqliteType.Text);

        foreach (var item in events)
        {
            stored.Add(insert.Insert(item));

            sentDestination.Value = item.Destination;
            sentEventId.Value = item.EventId;
            sent.ExecuteNonQuery();
        }

        transaction.Commit();
        return stored;
    }
}
