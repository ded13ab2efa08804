using System.Text;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.State;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.State;

/// <summary>The outbox's round trip on a real SQLite file: insert, read back, mark delivered.</summary>
public sealed class OutboxDeliveryTests
{
    private const string Destination = "127.0.0.1/telemetry";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SequenceRuns_SplitsAtGaps()
    {
        var events = new long[] { 5, 3, 4, 9, 10, 12 }.Select(sequence => CreateEvent((int)sequence) with { Sequence = sequence }).ToList();

        var runs = ForwarderStore.SequenceRuns(events);

        Assert.Equal([(3L, 5L), (9L, 10L), (12L, 12L)], runs);
    }

    [Fact]
    public void SequenceRuns_UnstoredEvent_Throws()
    {
        var events = new[] { CreateEvent(1) with { Sequence = 4 }, CreateEvent(2) };

        var exception = Assert.Throws<ArgumentException>(() => ForwarderStore.SequenceRuns(events));

        Assert.Contains("Event 1 of 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewStore_Uses16KiBPages()
    {
        using var directory = new TestDirectory();

        OpenStore(directory).Dispose();

        Assert.Equal(16384L, StoreInspector.PageSize(directory.StateDirectory));
    }

    [Fact]
    public void Enqueue_ReadBack_KeepsEveryField()
    {
        using var directory = new TestDirectory();
        using var store = OpenStore(directory);
        var plain = CreateEvent(1);
        var revised = CreateEvent(2) with { PartitionKey = "room-7", Subject = "first-id", Revision = 3 };

        store.Enqueue([plain, revised], []);
        var read = store.ReadOutbox("occupancy", Destination, afterSequence: 0, limit: 10);

        Assert.Equal(2, read.Count);
        Assert.Equal(plain with { Sequence = read[0].Sequence, Body = read[0].Body }, read[0]);
        Assert.Equal(plain.Body.ToArray(), read[0].Body.ToArray());
        Assert.Equal(revised with { Sequence = read[1].Sequence, Body = read[1].Body }, read[1]);
        Assert.Equal(revised.Body.ToArray(), read[1].Body.ToArray());
    }

    [Fact]
    public void MarkDelivered_EveryOtherEvent_MovesOnlyThose()
    {
        using var directory = new TestDirectory();
        using var store = OpenStore(directory);
        var stored = store.Enqueue(Enumerable.Range(0, 10).Select(CreateEvent).ToList(), []);

        store.MarkDelivered(stored.Where((_, index) => index % 2 == 0).ToList());

        Assert.Equal(5L, store.CountOutbox());
        Assert.Equal(5L, store.CountDelivered());
        var left = store.ReadOutbox("occupancy", Destination, afterSequence: 0, limit: 10);
        Assert.Equal(stored.Where((_, index) => index % 2 == 1).Select(item => item.EventId), left.Select(item => item.EventId));
        Assert.Equal(10, store.FindKnownIds(Destination, stored.Select(item => item.EventId).ToList()).Count);
    }

    [Fact]
    public void MarkDelivered_Twice_CountsEachEventOnce()
    {
        using var directory = new TestDirectory();
        using var store = OpenStore(directory);
        var stored = store.Enqueue(Enumerable.Range(0, 4).Select(CreateEvent).ToList(), []);

        store.MarkDelivered(stored);
        store.MarkDelivered(stored);

        Assert.Equal(0L, store.CountOutbox());
        Assert.Equal(4L, store.CountDelivered());
    }

    private static ForwarderStore OpenStore(TestDirectory directory)
    {
        Directory.CreateDirectory(directory.StateDirectory);
        return ForwarderStore.Open(directory.StateDirectory, TimeProvider.System);
    }

    private static OutboxEvent CreateEvent(int index)
    {
        return new OutboxEvent(
            Sequence: 0,
            Feed: "occupancy",
            Destination: Destination,
            EventId: $"record-{index:D4}",
            EventType: "io.microshare.occupancy.unpacked",
            Source: "http://127.0.0.1:1/share/io.microshare.occupancy.unpacked",
            Time: Start.AddMinutes(index),
            PartitionKey: null,
            Body: Encoding.UTF8.GetBytes($$$"""{"id":"record-{{{index:D4}}}","data":{"count":{{{index}}}}}"""));
    }
}
