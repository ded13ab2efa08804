using System.Text.Json;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.State;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Cli;

public sealed class StatusCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-status-").FullName;
    private SandboxEnvironment _sandbox = null!;
    private CliHarness _cli = null!;

    private string StateDirectory => Path.Combine(_directory, "state");

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 300 });
        _cli = new CliHarness(_sandbox.CreateSettings(StateDirectory));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Status_AfterSandboxRun_MatchesStore()
    {
        var run = await _cli.InvokeAsync(["run"]);
        Assert.Equal(0, run.ExitCode);
        var (watermark, outboxDepth, quarantined) = ReadStore();
        var now = watermark + TimeSpan.FromMinutes(20);
        _cli.TimeProvider = new FakeTimeProvider(now);

        var status = await _cli.InvokeAsync(["status", "--output", "json"]);

        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.LastLine);
        var root = json.RootElement;
        Assert.True(root.GetProperty("healthy").GetBoolean());
        Assert.Equal("success", root.GetProperty("lastRun").GetProperty("result").GetString());
        Assert.Equal(0, root.GetProperty("lastRun").GetProperty("exitCode").GetInt32());
        var feed = root.GetProperty("feeds").GetProperty("share");
        Assert.Equal(watermark, feed.GetProperty("watermark").GetDateTimeOffset());
        Assert.Equal(1200, feed.GetProperty("lagSeconds").GetDouble(), precision: 3);
        Assert.Equal(outboxDepth, feed.GetProperty("outboxDepth").GetInt64());
        Assert.Equal(quarantined, feed.GetProperty("quarantined").GetInt64());
        Assert.Equal("success", feed.GetProperty("lastRunResult").GetString());
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);
        Assert.Empty(root.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task Status_LagAboveThreshold_ExitsOne()
    {
        Assert.Equal(0, (await _cli.InvokeAsync(["run"])).ExitCode);
        var (watermark, _, _) = ReadStore();
        _cli.TimeProvider = new FakeTimeProvider(watermark + TimeSpan.FromHours(4));

        var status = await _cli.InvokeAsync(["status", "--max-lag", "3h"]);

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("lags 4h 0m, more than the threshold of 3h 0m", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_LastRunFailed_ExitsOne()
    {
        Assert.Equal(0, (await _cli.InvokeAsync(["run"])).ExitCode);
        _sandbox.Simulator.InsertRecords(5);
        _sandbox.EventHubs.SetFault(MicroshareForwarder.Sandbox.EventHubs.EventHubsFault.Unauthorized);
        Assert.NotEqual(0, (await _cli.InvokeAsync(["run"])).ExitCode);

        var status = await _cli.InvokeAsync(["status", "--output", "json"]);

        Assert.Equal(1, status.ExitCode);
        using var json = JsonDocument.Parse(status.LastLine);
        var lastRun = json.RootElement.GetProperty("lastRun");
        Assert.Equal("failed", lastRun.GetProperty("result").GetString());
        Assert.Equal(77, lastRun.GetProperty("exitCode").GetInt32());
        Assert.Contains("Azure Event Hubs Data Sender", lastRun.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoRunYet_ExitsOneWithoutCreatingStore()
    {
        var status = await _cli.InvokeAsync(["status"]);

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("No run has finished yet.", status.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(StateDirectory, ForwarderStore.FileName)));
    }

    private (DateTimeOffset Watermark, long OutboxDepth, long Quarantined) ReadStore()
    {
        using var store = ForwarderStore.OpenReadOnly(StateDirectory, TimeProvider.System)!;
        return (store.GetWatermark("share")!.Value, store.CountOutbox("share"), store.CountQuarantined("share"));
    }
}
