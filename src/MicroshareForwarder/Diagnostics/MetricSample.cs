namespace MicroshareForwarder.Diagnostics;

/// <summary>One value of a metric with its labels; <paramref name="Suffix"/> is <c>_bucket</c>, <c>_sum</c> or <c>_count</c> for histogram parts.</summary>
internal sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, string Suffix = "");
