using System.Globalization;
using BenchmarkDotNet.Attributes;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Benchmarks.Micro;

/// <summary>
/// The store's share of one page: the duplicate check, the outbox commit and the
/// delivered-marking of two acknowledged batches, on a file in the temp directory.
/// Each invocation uses new event ids, as a backfill does.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly List<OutboxEvent> _template = [];
    private string _directory = "";
    private ForwarderStore? _store;
    private int _invocation;

    [GlobalSetup]
    public void Setup()
    {
        var records = SharePageParser.Parse(1, SamplePage.Create()).Records;
        var feed = new FeedOptions { Name = "occupancy", RecType = "io.microshare.occupancy.unpacked" };
        var normalizer = new ShareRecordNormalizer(feed, new Uri("http://127.0.0.1:1/"), "127.0.0.1/telemetry", TimeProvider.System);
        foreach (var record in records)
        {
            _template.Add(normalizer.Normalize(record, out _)!);
        }

        _directory = Directory.CreateTempSubdirectory("microshare-forwarder-store-bench-").FullName;
        _store = ForwarderStore.Open(_directory, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int CommitAndDeliverPage()
    {
        var prefix = (_invocation++).ToString("x8", CultureInfo.InvariantCulture);
        var events = _template.Select((item, index) => item with { EventId = prefix + index.ToString("x6", CultureInfo.InvariantCulture) }).ToList();

        var known = _store!.FindKnownIds("127.0.0.1/telemetry", events.Select(item => item.EventId).ToList());
        var stored = _store.Enqueue(events.Where(item => !known.Contains(item.EventId)).ToList(), []);

        var half = stored.Count / 2;
        _store.MarkDelivered(stored.Take(half).ToList());
        _store.MarkDelivered(stored.Skip(half).ToList());
        return stored.Count;
    }
}
