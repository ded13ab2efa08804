using MicroshareForwarder.Configuration;
using MicroshareForwarder.Diagnostics;
using MicroshareForwarder.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Cli;

/// <summary>One run over the feeds followed by the metrics export; <c>run</c> does one, <c>serve</c> one per interval.</summary>
internal static class ForwarderCycle
{
    public static async Task<RunReport> RunAsync(ForwarderOptions options, IHost host, MetricsExport metrics, string? feed, PhasePause? pause = null, CancellationToken cancellationToken = default)
    {
        var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
        var timeProvider = host.Services.GetRequiredService<TimeProvider>();
        var run = new ForwarderRun(options, host.Services.GetRequiredService<IHttpClientFactory>(), loggerFactory, timeProvider)
        {
            Metrics = metrics.Metrics,
            Pause = pause ?? PhasePause.None,
        };

        var report = await run.RunAsync(feed, cancellationToken).ConfigureAwait(false);

        // The export runs even after a stop signal, so the textfile shows the interrupted run.
        var exportError = await metrics.ExportAsync(report, options.State.Directory, timeProvider, CancellationToken.None).ConfigureAwait(false);
        if (exportError is not null)
        {
            Log.MetricsExportFailed(loggerFactory.CreateLogger(typeof(ForwarderCycle)), exportError);
        }

        return report;
    }
}
