using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Tests.Support;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.Tests.Cli;

public sealed class BackfillCommandTests : IAsyncLifetime
{
    private const string HubName = "telemetry";

    // Seven days of records, one every 5 minutes, read in pages of 100.
    private const int RecordCount = 7 * 288;

    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-backfill-").FullName;
    private EventHubsEndpoint _endpoint = null!;
    private MicroshareSimulator _simulator = null!;
    private Dictionary<string, string> _settings = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { Hubs = [HubName] });
        _simulator = await MicroshareSimulator.StartAsync(new MicroshareSimulatorOptions { RecordCount = RecordCount, RecordInterval = TimeSpan.FromMinutes(5) });
        var baseUrl = _simulator.BaseUrl.ToString();
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "sandbox-user",
            ["MICROSHARE_PASSWORD"] = "sandbox-password",
            ["MICROSHARE_API_KEY"] = "sandbox-api-key",
            ["MICROSHARE_AUTH_URL"] = baseUrl,
            ["MICROSHARE_API_URL"] = baseUrl,
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["MICROSHARE_PAGE_SIZE"] = "100",
            ["EVENTHUB_CONNECTION_STRING"] = _endpoint.GetConnectionString(HubName),
            ["FORWARDER_STATE_DIR"] = Path.Combine(_directory, "state"),
        };
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _endpoint.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Backfill_SevenDaysInterruptedBySigint_ResumesWithoutLossOrRepeat()
    {
        var cli = new CliHarness(_settings);
        cli.Environment["MICROSHARE_MAX_PAGES_PER_RUN"] = "3";
        Assert.Equal(0, (await cli.InvokeAsync(["run"])).ExitCode);
        Assert.Equal(300, _endpoint.GetReceived(HubName).Count);

        var now = DateTimeOffset.UtcNow;
        string[] backfill =
        [
            "backfill", "--feed", "share",
            "--from", (now - TimeSpan.FromDays(7) - TimeSpan.FromHours(1)).ToString("o", CultureInfo.InvariantCulture),
            "--to", now.ToString("o", CultureInfo.InvariantCulture),
        ];

        // Page 11 is held back, so the signal lands while pages 4 to 10 are delivered and the walk waits.
        _simulator.EnqueueFault(new SimulatorFault(FaultKind.Delay, "/share", Page: 11) { Delay = TimeSpan.FromSeconds(60) });
        var interrupted = await RunInterruptedAsync(backfill, receivedBeforeSignal: 900);

        Assert.True(interrupted.ExitCode == 75, $"exit code {interrupted.ExitCode}, stderr: {interrupted.Error}");
        Assert.Contains("interrupted", interrupted.Error, StringComparison.Ordinal);
        var afterInterrupt = DeliveryCheck.Compare(_simulator.Records, _endpoint.GetReceived(HubName));
        Assert.Equal(0, afterInterrupt.Repeated);
        Assert.InRange(afterInterrupt.Distinct, 900, RecordCount - 1);
        var windowsAfterInterrupt = CountCompletedWindows();
        Assert.InRange(windowsAfterInterrupt, 1, 7);

        // The held-back page may still be queued if the signal landed before the walk reached it.
        // A short request timeout makes the resumed run retry it at once instead of waiting 60 s.
        var resume = new CliHarness(_settings);
        resume.Environment["MICROSHARE_REQUEST_TIMEOUT"] = "2s";
        var resumed = await resume.InvokeAsync(backfill);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("Backfill of share finished: 8 of 8 day windows done", resumed.Output, StringComparison.Ordinal);
        var check = DeliveryCheck.Compare(_simulator.Records, _endpoint.GetReceived(HubName));
        Assert.True(check.Passed, check.Describe());
        Assert.Equal(RecordCount, check.Received);
        Assert.Equal(8, CountCompletedWindows());
    }

    [Fact]
    public async Task Backfill_Resend_SendsDeliveredRecordsAgainOnce()
    {
        var cli = new CliHarness(_settings);
        Assert.Equal(0, (await cli.InvokeAsync(["run"])).ExitCode);
        var now = DateTimeOffset.UtcNow;
        string[] resend = ["backfill", "--feed", "share", "--from", (now - TimeSpan.FromDays(1)).ToString("o", CultureInfo.InvariantCulture), "--to", now.ToString("o", CultureInfo.InvariantCulture), "--resend"];
        var inRange = _simulator.Records.Count(record => record.Tstamp >= now - TimeSpan.FromDays(1));

        var result = await cli.InvokeAsync(resend);

        Assert.Equal(0, result.ExitCode);
        var received = _endpoint.GetReceived(HubName);
        Assert.Equal(RecordCount + inRange, received.Count);
        Assert.All(received.GroupBy(item => item.MessageId), group => Assert.InRange(group.Count(), 1, 2));
    }

    [Fact]
    public async Task Backfill_TwoDestinations_FillsBothHubs()
    {
        await using var second = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { Hubs = ["archive"] });
        var cli = new CliHarness(_settings);
        cli.Environment["EVENTHUB_EXTRA_DESTINATIONS"] = "archive";
        cli.Environment["ARCHIVE_EVENTHUB_CONNECTION_STRING"] = second.GetConnectionString("archive");
        var now = DateTimeOffset.UtcNow;
        string[] backfill = ["backfill", "--feed", "share", "--from", (now - TimeSpan.FromDays(2)).ToString("o", CultureInfo.InvariantCulture), "--to", now.ToString("o", CultureInfo.InvariantCulture)];
        var inRange = _simulator.Records.Count(record => record.Tstamp >= now - TimeSpan.FromDays(2));

        var result = await cli.InvokeAsync(backfill);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(inRange, _endpoint.GetDistinctIdCount(HubName));
        Assert.Equal(inRange, second.GetDistinctIdCount("archive"));
        Assert.Equal(inRange, second.GetReceivedCount("archive"));
        Assert.Contains("to 127.0.0.1/archive finished", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_JsonOutput_LastLineIsTheSummary()
    {
        var now = DateTimeOffset.UtcNow;
        string[] backfill = ["backfill", "--feed", "share", "--from", (now - TimeSpan.FromDays(1)).ToString("o", CultureInfo.InvariantCulture), "--to", now.ToString("o", CultureInfo.InvariantCulture), "--output", "json"];
        var inRange = _simulator.Records.Count(record => record.Tstamp >= now - TimeSpan.FromDays(1));

        var result = await new CliHarness(_settings).InvokeAsync(backfill);

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var summary = System.Text.Json.JsonDocument.Parse(lines[^1]);
        var destination = summary.RootElement.GetProperty("destinations")[0];
        Assert.Equal(0, summary.RootElement.GetProperty("exitCode").GetInt32());
        Assert.True(destination.GetProperty("finished").GetBoolean());
        Assert.Equal(inRange, destination.GetProperty("forwarded").GetInt64());
    }

    [Fact]
    public async Task Backfill_FromAfterTo_ExitsSeventyEight()
    {
        var result = await new CliHarness(_settings).InvokeAsync(["backfill", "--feed", "share", "--from", "2025-03-02", "--to", "2025-03-01"]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("must be before --to", result.Error, StringComparison.Ordinal);
    }

    private const int SignalInterrupt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);

    private async Task<CliResult> RunInterruptedAsync(string[] arguments, int receivedBeforeSignal)
    {
        var envFile = Path.Combine(_directory, "forwarder.env");
        var text = new StringBuilder();
        foreach (var (key, value) in _settings)
        {
            text.Append(key).Append("=\"").Append(value).AppendLine("\"");
        }

        File.WriteAllText(envFile, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // A test host may run with SIGINT ignored, and children inherit that; env restores the default disposition.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(ForwarderBinary.DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--env-file");
        start.ArgumentList.Add(envFile);
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("MICROSHARE_", StringComparison.Ordinal) || key.StartsWith("EVENTHUB_", StringComparison.Ordinal) || key.StartsWith("FORWARDER_", StringComparison.Ordinal) || key.StartsWith("AZURE_", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_endpoint.GetReceived(HubName).Count < receivedBeforeSignal && DateTime.UtcNow < deadline && !process.HasExited)
        {
            await Task.Delay(50);
        }

        // The stderr text is read only after a failed check: awaiting it earlier would wait for the process to exit.
        if (process.HasExited)
        {
            Assert.Fail($"the backfill ended before the signal: {await error}");
        }

        Assert.True(Kill(process.Id, SignalInterrupt) == 0, $"kill failed with errno {Marshal.GetLastPInvokeError()}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }


    private long CountCompletedWindows()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "state", "forwarder.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM backfill_windows";
        return (long)command.ExecuteScalar()!;
    }
}
