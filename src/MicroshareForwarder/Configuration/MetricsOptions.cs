namespace MicroshareForwarder.Configuration;

/// <summary>Where the forwarder exports its metrics. Both exports are off by default.</summary>
internal sealed class MetricsOptions
{
    /// <summary>
    /// The <c>.prom</c> file written at the end of each run for node_exporter's textfile
    /// collector, for example <c>/var/lib/node_exporter/textfile_collector/microshare_forwarder.prom</c>.
    /// </summary>
    public string? TextfilePath { get; init; }

    /// <summary>The OTLP collector endpoint, for example <c>http://127.0.0.1:4318</c>; null disables OTLP.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpProtocol OtlpProtocol { get; init; } = OtlpProtocol.HttpProtobuf;
}
