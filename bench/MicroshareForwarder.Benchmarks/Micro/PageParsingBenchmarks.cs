using BenchmarkDotNet.Attributes;
using MicroshareForwarder.Microshare;

namespace MicroshareForwarder.Benchmarks.Micro;

/// <summary>Parsing a 999-record page: record slices, ids, record types and timestamps.</summary>
[MemoryDiagnoser]
public class PageParsingBenchmarks
{
    private byte[] _page = [];

    [GlobalSetup]
    public void Setup()
    {
        _page = SamplePage.Create();
    }

    [Benchmark]
    public int ParsePage()
    {
        return SharePageParser.Parse(1, _page).Records.Count;
    }
}
