namespace MicroshareForwarder.Diagnostics;

/// <summary>A metric in Prometheus terms: a name, its type (<c>counter</c>, <c>gauge</c> or <c>histogram</c>), help text and samples.</summary>
internal sealed record MetricFamily(string Name, string Type, string Help, IReadOnlyList<MetricSample> Samples);
