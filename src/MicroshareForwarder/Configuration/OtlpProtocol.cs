namespace MicroshareForwarder.Configuration;

/// <summary>The OTLP transport, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> names it.</summary>
internal enum OtlpProtocol
{
    /// <summary><c>http/protobuf</c>: POST to <c>/v1/metrics</c>, usually port 4318.</summary>
    HttpProtobuf,

    /// <summary><c>grpc</c>: usually port 4317.</summary>
    Grpc,
}
