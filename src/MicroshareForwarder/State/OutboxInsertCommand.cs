using MicroshareForwarder.Pipeline;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MicroshareForwarder.State;

/// <summary>
/// A prepared <c>INSERT INTO outbox</c>, reused for every event of a page inside the caller's
/// transaction. It binds parameters by position on the native statement, so a row costs no
/// parameter lookup by name and no copy of the body.
/// </summary>
internal sealed class OutboxInsertCommand : IDisposable
{
    private const string Sql = """
        INSERT INTO outbox (feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, enqueued_at_ms, subject, revision)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """;

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly long _nowMilliseconds;

    /// <summary>Prepares the statement on <paramref name="connection"/>. The caller opens the transaction that the inserts belong to.</summary>
    public OutboxInsertCommand(SqliteConnection connection, long nowMilliseconds)
    {
        _database = connection.Handle!;
        _nowMilliseconds = nowMilliseconds;

        var result = raw.sqlite3_prepare_v2(_database, Sql, out _statement);
        SqliteException.ThrowExceptionForRC(result, _database);
    }

    /// <summary>Inserts <paramref name="item"/> and returns it with its outbox sequence number.</summary>
    public OutboxEvent Insert(OutboxEvent item)
    {
        BindText(1, item.Feed);
        BindText(2, item.Destination);
        BindText(3, item.EventId);
        BindText(4, item.EventType);
        BindText(5, item.Source);
        Check(raw.sqlite3_bind_int64(_statement, 6, item.Time.ToUnixTimeMilliseconds()));
        BindText(7, item.PartitionKey);
        Check(raw.sqlite3_bind_blob(_statement, 8, item.Body.Span));
        Check(raw.sqlite3_bind_int64(_statement, 9, _nowMilliseconds));
        BindText(10, item.Subject);
        Check(item.Revision is { } revision ? raw.sqlite3_bind_int64(_statement, 11, revision) : raw.sqlite3_bind_null(_statement, 11));

        var result = raw.sqlite3_step(_statement);
        try
        {
            // The exception is built before the reset, while the connection's error message still describes this step.
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, _database);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }

        // The row id of the insert just made on this connection is its sequence.
        return item with { Sequence = raw.sqlite3_last_insert_rowid(_database) };
    }

    public void Dispose()
    {
        _statement.Dispose();
    }

    private void BindText(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
    }

    private void Check(int result)
    {
        SqliteException.ThrowExceptionForRC(result, _database);
    }
}
