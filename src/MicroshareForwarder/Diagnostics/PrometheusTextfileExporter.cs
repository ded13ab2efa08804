using System.Text;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// Writes the collected metrics to a <c>.prom</c> file for node_exporter's textfile
/// collector. The file is replaced atomically (temporary file, fsync, rename in the same
/// directory), so the collector reads the previous file or the new one, never a partial
/// one; the temporary name starts with a dot and does not end in <c>.prom</c>, so the
/// collector skips it. The mode is 0644 because node_exporter runs as another user.
/// </summary>
internal static class PrometheusTextfileExporter
{
    public static async Task WriteAsync(string path, MetricsCollector collector, CancellationToken cancellationToken = default)
    {
        var text = PrometheusTextFormat.Format(collector.Collect());
        await AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(text), AtomicFile.WorldReadable, cancellationToken).ConfigureAwait(false);
    }
}
