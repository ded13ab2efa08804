using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Sandbox.Composition;

/// <summary>Compares what the simulator served with what the endpoint received: missing, repeated and altered events.</summary>
public sealed record DeliveryCheck(int Expected, int Received, int Distinct, int Missing, int Repeated, int BodyMismatches, int Unexpected)
{
    public bool Passed => Missing == 0 && Repeated == 0 && BodyMismatches == 0 && Unexpected == 0;

    public static DeliveryCheck Compare(IReadOnlyList<SimulatedRecord> served, IReadOnlyList<ReceivedEvent> received)
    {
        var byId = received
            .Where(item => item.MessageId is not null)
            .GroupBy(item => item.MessageId!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);

        var missing = 0;
        var mismatches = 0;
        foreach (var record in served)
        {
            if (!byId.TryGetValue(record.Id, out var copies))
            {
                missing++;
                continue;
            }

            mismatches += copies.Count(copy => !copy.Body.AsSpan().SequenceEqual(record.Json));
        }

        var servedIds = served.Select(record => record.Id).ToHashSet(StringComparer.Ordinal);
        var unexpected = byId.Keys.Count(id => !servedIds.Contains(id)) + received.Count(item => item.MessageId is null);
        var repeated = byId.Values.Sum(copies => copies.Count - 1);
        return new DeliveryCheck(served.Count, received.Count, byId.Count, missing, repeated, mismatches, unexpected);
    }

    public string Describe()
    {
        return $"Endpoint received {Received} events with {Distinct} distinct ids for {Expected} simulated records: {Missing} missing, {Repeated} repeated, {BodyMismatches} with altered bodies, {Unexpected} unexpected.";
    }
}
