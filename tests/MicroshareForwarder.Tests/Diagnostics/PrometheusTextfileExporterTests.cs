using MicroshareForwarder.Diagnostics;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Cli;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Diagnostics;

public sealed class PrometheusTextfileExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-metrics-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Textfile_AfterRecording_ParsesAsExposition()
    {
        using var metrics = new ForwarderMetrics();
        using var collector = new MetricsCollector(metrics.Meter);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        metrics.RecordFeed(new FeedCounts { Feed = "share", Fetched = 120, Forwarded = 100, Duplicates = 15, Rejected = 3, Quarantined = 2 });
        metrics.RecordFeed(new FeedCounts { Feed = "lobby \"east\"", Fetched = 7, Forwarded = 7 });
        metrics.RecordSend("share", TimeSpan.FromMilliseconds(40));
        metrics.RecordSend("share", TimeSpan.FromSeconds(3));
        metrics.RecordRun(new RunReport { RunId = "r1", StartedAt = clock.GetUtcNow() - TimeSpan.FromSeconds(12), EndedAt = clock.GetUtcNow(), ExitCode = 75, Feeds = [] });
        metrics.SetFeedState("share", clock.GetUtcNow() - TimeSpan.FromMinutes(90), outboxDepth: 4, quarantined: 2, rejected: 3, clock);
        var path = Path.Combine(_directory, "microshare_forwarder.prom");

        await PrometheusTextfileExporter.WriteAsync(path, collector);

        var samples = PrometheusExposition.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(100, samples["microshare_forwarder_events_forwarded_total{feed=\"share\"}"]);
        Assert.Equal(7, samples["microshare_forwarder_events_forwarded_total{feed=\"lobby \\\"east\\\"\"}"]);
        Assert.Equal(15, samples["microshare_forwarder_events_duplicates_total{feed=\"share\"}"]);
        Assert.Equal(2, samples["microshare_forwarder_events_quarantined_total{feed=\"share\"}"]);
        Assert.Equal(5400, samples["microshare_forwarder_lag_seconds{feed=\"share\"}"]);
        Assert.Equal(4, samples["microshare_forwarder_outbox_depth{feed=\"share\"}"]);
        Assert.Equal(2, samples["microshare_forwarder_quarantine_size{feed=\"share\"}"]);
        Assert.Equal(75, samples["microshare_forwarder_last_run_exit_code"]);
        Assert.Equal(0, samples["microshare_forwarder_last_run_success"]);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), samples["microshare_forwarder_last_run_end_time_seconds"]);
        Assert.Equal(2, samples["microshare_forwarder_send_duration_seconds_count{feed=\"share\"}"]);
        Assert.Equal(3.04, samples["microshare_forwarder_send_duration_seconds_sum{feed=\"share\"}"], precision: 6);
        Assert.Equal(1, samples["microshare_forwarder_send_duration_seconds_bucket{feed=\"share\",le=\"0.05\"}"]);
        Assert.Equal(2, samples["microshare_forwarder_send_duration_seconds_bucket{feed=\"share\",le=\"+Inf\"}"]);
        Assert.Equal(1, samples["microshare_forwarder_run_duration_seconds_count"]);
    }

    [Fact]
    public async Task Textfile_Rewrite_ReplacesFileAtomically()
    {
        using var metrics = new ForwarderMetrics();
        using var collector = new MetricsCollector(metrics.Meter);
        var path = Path.Combine(_directory, "microshare_forwarder.prom");
        metrics.RecordFeed(new FeedCounts { Feed = "share", Forwarded = 1 });
        await PrometheusTextfileExporter.WriteAsync(path, collector);
        var first = await File.ReadAllTextAsync(path);

        // A reader that opened the file before the rewrite keeps reading the complete old content.
        await using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        metrics.RecordFeed(new FeedCounts { Feed = "share", Forwarded = 41 });
        await PrometheusTextfileExporter.WriteAsync(path, collector);

        using var oldContent = new StreamReader(reader);
        Assert.Equal(first, await oldContent.ReadToEndAsync());
        var samples = PrometheusExposition.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(42, samples["microshare_forwarder_events_forwarded_total{feed=\"share\"}"]);
        Assert.Equal(["microshare_forwarder.prom"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Run_WithTextfileSetting_ExportsRunMetrics()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 120 });
        var path = Path.Combine(_directory, "forwarder.prom");
        var cli = new CliHarness(sandbox.CreateSettings(Path.Combine(_directory, "state")));
        cli.Environment["FORWARDER_METRICS_TEXTFILE"] = path;

        var result = await cli.InvokeAsync(["run"]);

        Assert.Equal(0, result.ExitCode);
        var samples = PrometheusExposition.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(120, samples["microshare_forwarder_events_fetched_total{feed=\"share\"}"]);
        Assert.Equal(120, samples["microshare_forwarder_events_forwarded_total{feed=\"share\"}"]);
        Assert.Equal(0, samples["microshare_forwarder_outbox_depth{feed=\"share\"}"]);
        Assert.Equal(1, samples["microshare_forwarder_last_run_success"]);
        Assert.True(samples["microshare_forwarder_lag_seconds{feed=\"share\"}"] < 3600);
        Assert.True(samples["microshare_forwarder_send_duration_seconds_count{feed=\"share\"}"] >= 1);
    }
}
