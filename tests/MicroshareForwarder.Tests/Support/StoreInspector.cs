using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.Tests.Support;

/// <summary>Reads a forwarder store directly with SQL, read-only, for checks after a process has exited.</summary>
internal static class StoreInspector
{
    /// <summary>Returns the time each event id was recorded as delivered, in Unix milliseconds.</summary>
    public static Dictionary<string, long> ReadDelivered(string stateDirectory)
    {
        var delivered = new Dictionary<string, long>(StringComparer.Ordinal);
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, delivered_at_ms FROM delivered";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            delivered[reader.GetString(0)] = reader.GetInt64(1);
        }

        return delivered;
    }

    public static long Count(string stateDirectory, string table)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public static long? Watermark(string stateDirectory, string feed)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT watermark_ms FROM feeds WHERE feed = @feed";
        command.Parameters.AddWithValue("@feed", feed);
        return command.ExecuteScalar() is long value ? value : null;
    }

    public static string QuickCheck(string stateDirectory)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Returns the store file's page size in bytes.</summary>
    public static long PageSize(string stateDirectory)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string stateDirectory)
    {
        // ReadWrite rather than ReadOnly: a WAL left by a killed process is recovered only by a writer.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(stateDirectory, "forwarder.db"),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
