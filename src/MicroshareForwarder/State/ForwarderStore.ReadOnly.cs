using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.State;

/// <summary>Read-only access for <c>status</c> and <c>run --dry-run</c>, which must never change the store.</summary>
internal sealed partial class ForwarderStore
{
    /// <summary>
    /// Opens an existing store read-only, without the integrity check or migrations, or
    /// returns null when the state directory has no store yet. SQLite may create the
    /// <c>-wal</c> and <c>-shm</c> side files of a WAL database, but the store file itself
    /// is never written.
    /// </summary>
    public static ForwarderStore? OpenReadOnly(string stateDirectory, TimeProvider timeProvider)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000;");
            return new ForwarderStore(connection, path, timeProvider);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Returns the most recent run that ended, or null when none has.</summary>
    public StoredRun? GetLastEndedRun()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, started_at_ms, ended_at_ms, exit_code, summary FROM runs
            WHERE ended_at_ms IS NOT NULL ORDER BY started_at_ms DESC LIMIT 1
            """;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new StoredRun(
            reader.GetString(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>
    /// Returns the start of the newest run that has no end, or null. A run killed before it
    /// ended also leaves such a row, so callers report it as "started, never ended".
    /// </summary>
    public DateTimeOffset? GetUnfinishedRunStart()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT started_at_ms FROM runs WHERE ended_at_ms IS NULL
            AND started_at_ms > COALESCE((SELECT MAX(started_at_ms) FROM runs WHERE ended_at_ms IS NOT NULL), 0)
            ORDER BY started_at_ms DESC LIMIT 1
            """;
        return command.ExecuteScalar() is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }
}
