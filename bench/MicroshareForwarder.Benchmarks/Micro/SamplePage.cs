using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Benchmarks.Micro;

/// <summary>A full page of 999 simulator records in the <c>{"meta", "objs"}</c> envelope, as the simulator serves it.</summary>
internal static class SamplePage
{
    public const int RecordCount = 999;

    public static byte[] Create()
    {
        var store = new RecordStore(new MicroshareSimulatorOptions { RecordCount = RecordCount });
        var objs = store.Snapshot.Reverse().Select(record => record.Public.Json).ToList();
        return Envelope.Write(objs, totalPages: 1, currentPage: 1, perPage: RecordCount, totalCount: RecordCount);
    }
}
