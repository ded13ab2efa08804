using BenchmarkDotNet.Attributes;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.Benchmarks.Micro;

/// <summary>Turning the 999 records of a parsed page into outbox events with their event ids.</summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private IReadOnlyList<ShareRecord> _records = [];
    private ShareRecordNormalizer? _normalizer;

    [GlobalSetup]
    public void Setup()
    {
        _records = SharePageParser.Parse(1, SamplePage.Create()).Records;
        var feed = new FeedOptions { Name = "occupancy", RecType = "io.microshare.occupancy.unpacked" };
        _normalizer = new ShareRecordNormalizer(feed, new Uri("http://127.0.0.1:1/"), "127.0.0.1/telemetry", TimeProvider.System);
    }

    [Benchmark]
    public int NormalizePage()
    {
        var count = 0;
        foreach (var record in _records)
        {
            if (_normalizer!.Normalize(record, out _) is not null)
            {
                count++;
            }
        }

        return count;
    }
}
