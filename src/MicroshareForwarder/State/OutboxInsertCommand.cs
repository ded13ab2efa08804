using MicroshareForwarder.Pipeline;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.State;

/// <summary>
/// A prepared <c>INSERT INTO outbox</c> bound to one transaction, reused for every event
/// of a page so the statement is compiled once.
/// </summary>
internal sealed class OutboxInsertCommand : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _feed;
    private readonly SqliteParameter _destination;
    private readonly SqliteParameter _eventId;
    private readonly SqliteParameter _eventType;
    private readonly SqliteParameter _source;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _partitionKey;
    private readonly SqliteParameter _body;
    private readonly SqliteParameter _subject;
    private readonly SqliteParameter _revision;

    public OutboxInsertCommand(SqliteConnection connection, SqliteTransaction transaction, long nowMilliseconds)
    {
        _connection = connection;
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = """
            INSERT INTO outbox (feed, destination, event_id, event_type, source, event_time_ms, partition_key, body, enqueued_at_ms, subject, revision)
            VALUES (@feed, @destination, @eventId, @eventType, @source, @time, @partitionKey, @body, @now, @subject, @revision)
            """;
        _feed = _command.Parameters.Add("@feed", SqliteType.Text);
        _destination = _command.Parameters.Add("@destination", SqliteType.Text);
        _eventId = _command.Parameters.Add("@eventId", SqliteType.Text);
        _eventType = _command.Parameters.Add("@eventType", SqliteType.Text);
        _source = _command.Parameters.Add("@source", SqliteType.Text);
        _time = _command.Parameters.Add("@time", SqliteType.Integer);
        _partitionKey = _command.Parameters.Add("@partitionKey", SqliteType.Text);
        _body = _command.Parameters.Add("@body", SqliteType.Blob);
        _subject = _command.Parameters.Add("@subject", SqliteType.Text);
        _revision = _command.Parameters.Add("@revision", SqliteType.Integer);
        _command.Parameters.AddWithValue("@now", nowMilliseconds);
    }

    /// <summary>Inserts <paramref name="item"/> and returns it with its outbox sequence number.</summary>
    public OutboxEvent Insert(OutboxEvent item)
    {
        _feed.Value = item.Feed;
        _destination.Value = item.Destination;
        _eventId.Value = item.EventId;
        _eventType.Value = item.EventType;
        _source.Value = item.Source;
        _time.Value = item.Time.ToUnixTimeMilliseconds();
        _partitionKey.Value = (object?)item.PartitionKey ?? DBNull.Value;
        _body.Value = item.Body.ToArray();
        _subject.Value = (object?)item.Subject ?? DBNull.Value;
        _revision.Value = (object?)item.Revision ?? DBNull.Value;

        // The row id of the insert just made on this connection is its sequence. Reading it
        // from the handle avoids the result set of RETURNING, a reader per row.
        _command.ExecuteNonQuery();
        return item with { Sequence = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle) };
    }

    public void Dispose()
    {
        _command.Dispose();
    }
}
