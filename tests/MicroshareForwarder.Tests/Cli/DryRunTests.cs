using System.Security.Cryptography;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.State;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.Tests.Cli;

public sealed class DryRunTests : IAsyncLifetime
{
    private static readonly string[] Tables = ["outbox", "delivered", "feeds", "rejected", "quarantine", "runs"];

    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-dry-run-").FullName;
    private SandboxEnvironment _sandbox = null!;
    private CliHarness _cli = null!;

    private string StorePath => Path.Combine(_directory, "state", ForwarderStore.FileName);

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 200 });
        _cli = new CliHarness(_sandbox.CreateSettings(Path.Combine(_directory, "state")));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task DryRun_NewRecords_LeavesStoreAndEndpointUntouched()
    {
        Assert.Equal(0, (await _cli.InvokeAsync(["run"])).ExitCode);
        _sandbox.Simulator.InsertRecords(25);
        var receivedBefore = _sandbox.EventHubs.GetReceived(_sandbox.HubName).Count;
        var hashBefore = SHA256.HashData(File.ReadAllBytes(StorePath));
        var rowsBefore = CountRows();

        var result = await _cli.InvokeAsync(["run", "--dry-run", "--output", "json"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(receivedBefore, _sandbox.EventHubs.GetReceived(_sandbox.HubName).Count);
        Assert.Equal(hashBefore, SHA256.HashData(File.ReadAllBytes(StorePath)));
        Assert.Equal(rowsBefore, CountRows());

        using var json = JsonDocument.Parse(result.LastLine);
        var feed = json.RootElement.GetProperty("feeds").GetProperty("share");
        Assert.Equal(25, feed.GetProperty("wouldSend").GetInt32());
        Assert.Equal(200, feed.GetProperty("duplicates").GetInt64());
        var events = feed.GetProperty("events").EnumerateArray().ToList();
        var inserted = _sandbox.Simulator.Records.Select(record => record.Id).Except(ReadDeliveredIds()).ToHashSet();
        Assert.Equal(inserted, events.Select(item => item.GetProperty("id").GetString()!).ToHashSet());
        Assert.All(events, item => Assert.True(item.GetProperty("sizeBytes").GetInt32() > 0));
        Assert.All(events, item => Assert.False(item.TryGetProperty("payload", out _)));
    }

    [Fact]
    public async Task DryRun_NoStore_SendsNothingAndCreatesNoState()
    {
        var result = await _cli.InvokeAsync(["run", "--dry-run"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(_sandbox.EventHubs.GetReceived(_sandbox.HubName));
        Assert.False(Directory.Exists(Path.Combine(_directory, "state")));
        Assert.Contains("would send 200 events", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"tstamp\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_ShowPayload_PrintsBodies()
    {
        var result = await _cli.InvokeAsync(["run", "--dry-run", "--show-payload", "--output", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.LastLine);
        var first = json.RootElement.GetProperty("feeds").GetProperty("share").GetProperty("events")[0];
        var record = _sandbox.Simulator.Records.Single(item => item.Id == first.GetProperty("id").GetString());
        Assert.Equal(JsonDocument.Parse(record.Json).RootElement.GetRawText(), first.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task ShowPayload_WithoutDryRun_IsRejected()
    {
        var result = await _cli.InvokeAsync(["run", "--show-payload"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--show-payload is valid only with --dry-run", result.Error, StringComparison.Ordinal);
        Assert.Empty(_sandbox.EventHubs.GetReceived(_sandbox.HubName));
    }

    private Dictionary<string, long> CountRows()
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            counts[table] = (long)command.ExecuteScalar()!;
        }

        return counts;
    }

    private HashSet<string> ReadDeliveredIds()
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM delivered";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
