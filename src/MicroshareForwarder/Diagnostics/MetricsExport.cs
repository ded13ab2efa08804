using MicroshareForwarder.Configuration;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.State;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// The metrics of a command and their exporters: the Prometheus textfile when
/// <see cref="MetricsOptions.TextfilePath"/> is set, and OTLP through the OpenTelemetry SDK
/// when <see cref="MetricsOptions.OtlpEndpoint"/> is set. <see cref="ExportAsync"/> runs at
/// the end of each run, after the store has been closed.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    private static readonly TimeSpan OtlpFlushTimeout = TimeSpan.FromSeconds(10);

    private readonly MetricsOptions _options;
    private readonly MetricsCollector? _collector;
    private readonly MeterProvider? _otlp;

    public MetricsExport(MetricsOptions options)
    {
        _options = options;
        Metrics = new ForwarderMetrics();
        if (options.TextfilePath is not null)
        {
            _collector = new MetricsCollector(Metrics.Meter);
        }

        if (options.OtlpEndpoint is { } endpoint)
        {
            _otlp = Sdk.CreateMeterProviderBuilder()
                .AddMeter(ForwarderMetrics.MeterName)
                .AddOtlpExporter(exporter =>
                {
                    exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    exporter.Endpoint = OtlpMetricsEndpoint(endpoint, options.OtlpProtocol);
                })
                .Build();
        }
    }

    public ForwarderMetrics Metrics { get; }

    /// <summary>
    /// Reads the store's per-feed figures into the gauges, then writes the textfile and
    /// flushes OTLP. Returns an error message when an export failed; the run's own outcome
    /// does not change, because metrics are not worth failing a run that forwarded.
    /// </summary>
    public async Task<string?> ExportAsync(RunReport report, string stateDirectory, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using (var store = ForwarderStore.OpenReadOnly(stateDirectory, timeProvider))
        {
            foreach (var feed in report.Feeds)
            {
                Metrics.SetFeedState(
                    feed.Feed,
                    store?.GetWatermark(feed.Feed) ?? feed.Watermark,
                    store?.CountOutbox(feed.Feed) ?? 0,
                    store?.CountQuarantined(feed.Feed) ?? 0,
                    store?.CountRejected(feed.Feed) ?? 0,
                    timeProvider);
            }
        }

        string? error = null;
        if (_collector is not null && _options.TextfilePath is { } path)
        {
            try
            {
                await PrometheusTextfileExporter.WriteAsync(path, _collector, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error = $"Writing the metrics textfile '{path}' failed: {exception.Message}";
            }
        }

        if (_otlp is not null && !_otlp.ForceFlush((int)OtlpFlushTimeout.TotalMilliseconds))
        {
            error ??= $"Exporting metrics over OTLP to {_options.OtlpEndpoint} failed or timed out after {OtlpFlushTimeout.TotalSeconds:F0} s.";
        }

        return error;
    }

    public void Dispose()
    {
        _otlp?.Dispose();
        _collector?.Dispose();
        Metrics.Dispose();
    }

    /// <summary>Returns the full metrics URL: for http/protobuf the SDK posts to the endpoint as given, so <c>/v1/metrics</c> is added to a bare base URL.</summary>
    internal static Uri OtlpMetricsEndpoint(Uri endpoint, OtlpProtocol protocol)
    {
        if (protocol == OtlpProtocol.Grpc || endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal))
        {
            return endpoint;
        }

        return new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics");
    }
}
