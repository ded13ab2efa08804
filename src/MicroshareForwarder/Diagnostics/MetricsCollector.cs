using System.Diagnostics.Metrics;
using System.Globalization;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// Aggregates the instruments of one <see cref="Meter"/> with a <see cref="MeterListener"/>:
/// sums for counters, cumulative buckets for histograms and the latest value for gauges,
/// each per label set. <see cref="Collect"/> returns them as Prometheus metric families.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    /// <summary>Histogram bucket bounds in seconds, from 5 ms to 1 hour.</summary>
    private static readonly double[] BucketBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _series = [];

    public MetricsCollector(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Observes the gauges now and returns every instrument that has a value, in name order.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        _listener.RecordObservableInstruments();

        lock (_lock)
        {
            return _series
                .Select(pair => ToFamily(pair.Key, pair.Value.Values))
                .OrderBy(family => family.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
    }

    /// <summary>Returns the Prometheus name: dots become underscores, seconds get <c>_seconds</c> and counters <c>_total</c>.</summary>
    internal static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        if (instrument is Counter<long> or Counter<double>)
        {
            name += "_total";
        }

        return name;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var (tagName, tagValue) in tags)
        {
            labels.Add(new KeyValuePair<string, string>(tagName, Convert.ToString(tagValue, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        labels.Sort((left, right) => string.CompareOrdinal(left.Key, right.Key));
        var seriesKey = string.Join('\u001f', labels.Select(label => $"{label.Key}={label.Value}"));

        lock (_lock)
        {
            if (!_series.TryGetValue(instrument, out var byLabels))
            {
                byLabels = [];
                _series[instrument] = byLabels;
            }

            if (!byLabels.TryGetValue(seriesKey, out var series))
            {
                series = new Series(labels, new long[BucketBounds.Length]);
                byLabels[seriesKey] = series;
            }

            switch (instrument)
            {
                case Counter<long> or Counter<double>:
                    series.Value += value;
                    break;
                case Histogram<long> or Histogram<double>:
                    series.Value += value;
                    series.Count++;
                    for (var index = 0; index < BucketBounds.Length; index++)
                    {
                        if (value <= BucketBounds[index])
                        {
                            series.Buckets[index]++;
                        }
                    }

                    break;
                default:
                    series.Value = value;
                    break;
            }
        }
    }

    private static MetricFamily ToFamily(Instrument instrument, IEnumerable<Series> series)
    {
        var name = PrometheusName(instrument);
        var help = instrument.Description ?? instrument.Name;
        var samples = new List<MetricSample>();

        if (instrument is Histogram<long> or Histogram<double>)
        {
            foreach (var item in series)
            {
                for (var index = 0; index < BucketBounds.Length; index++)
                {
                    samples.Add(new MetricSample([.. item.Labels, new("le", BucketBounds[index].ToString(CultureInfo.InvariantCulture))], item.Buckets[index], "_bucket"));
                }

                samples.Add(new MetricSample([.. item.Labels, new("le", "+Inf")], item.Count, "_bucket"));
                samples.Add(new MetricSample(item.Labels, item.Value, "_sum"));
                samples.Add(new MetricSample(item.Labels, item.Count, "_count"));
            }

            return new MetricFamily(name, "histogram", help, samples);
        }

        samples.AddRange(series.Select(item => new MetricSample(item.Labels, item.Value)));
        var type = instrument is Counter<long> or Counter<double> ? "counter" : "gauge";
        return new MetricFamily(name, type, help, samples);
    }

    private sealed class Series(IReadOnlyList<KeyValuePair<string, string>> labels, long[] buckets)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

        public long[] Buckets { get; } = buckets;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
