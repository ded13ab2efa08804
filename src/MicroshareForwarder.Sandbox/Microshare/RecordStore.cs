namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// The simulated collection, oldest record first. Readers get an immutable snapshot, so a page
/// never contains a half-finished insert.
/// </summary>
internal sealed class RecordStore
{
    private readonly Lock _lock = new();

    private readonly RecordGenerator _generator;

    private readonly MicroshareSimulatorOptions _options;

    private StoredRecord[] _records;

    public RecordStore(MicroshareSimulatorOptions options)
    {
        _options = options;
        _generator = new RecordGenerator(options);

        DateTimeOffset newest = options.TimeProvider.GetUtcNow();
        var records = new StoredRecord[options.RecordCount];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = _generator.Create(newest - (options.RecordInterval * (records.Length - 1 - i)));
        }

        _records = records;
    }

    /// <summary>Current records, oldest first.</summary>
    public IReadOnlyList<StoredRecord> Snapshot => Volatile.Read(ref _records);

    /// <summary>
    /// Appends <paramref name="count"/> records newer than every existing one: stamped at the clock's
    /// current time, or one millisecond apart after the newest record when the clock has not moved on.
    /// </summary>
    /// <remarks>
    /// A positive <paramref name="minimumRecordBytes"/> pads each new record with a <c>padding</c>
    /// string member until its JSON is at least that long, to test size limits downstream.
    /// </remarks>
    public void Insert(int count, int minimumRecordBytes = 0)
    {
        lock (_lock)
        {
            StoredRecord[] current = _records;
            var records = new StoredRecord[current.Length + count];
            current.CopyTo(records, 0);

            DateTimeOffset last = current.Length > 0 ? current[^1].Public.Tstamp : DateTimeOffset.MinValue;
            for (int i = current.Length; i < records.Length; i++)
            {
                DateTimeOffset now = _options.TimeProvider.GetUtcNow();
                DateTimeOffset tstamp = now > last.AddMilliseconds(1) ? now : last.AddMilliseconds(1);
                records[i] = Pad(_generator.Create(tstamp), minimumRecordBytes);
                last = records[i].Public.Tstamp;
            }

            Volatile.Write(ref _records, records);
        }
    }

    private static StoredRecord Pad(StoredRecord record, int minimumRecordBytes)
    {
        byte[] json = record.Public.Json;
        const int MemberOverhead = 13; // the length of "padding":"", after the opening brace
        int padding = minimumRecordBytes - json.Length - MemberOverhead;
        if (padding <= 0)
        {
            return record;
        }

        byte[] padded = [(byte)'{', .. "\"padding\":\""u8, .. Enumerable.Repeat((byte)'x', padding), .. "\","u8, .. json.AsSpan(1)];
        return record with { Public = record.Public with { Json = padded } };
    }
}
