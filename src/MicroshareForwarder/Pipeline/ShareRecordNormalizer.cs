using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Turns a share record into an event, or into a rejection with a reason. The event id is
/// the Microshare record id, which is the same on every machine and in every run.
/// </summary>
internal sealed class ShareRecordNormalizer
{
    private readonly FeedOptions _feed;
    private readonly string _destination;
    private readonly string _source;
    private readonly TimeProvider _timeProvider;

    public ShareRecordNormalizer(FeedOptions feed, Uri apiUrl, string destination, TimeProvider timeProvider)
    {
        _feed = feed;
        _destination = destination;
        _source = new Uri(apiUrl, $"share/{Uri.EscapeDataString(feed.RecType)}").ToString();
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the event for <paramref name="record"/>, or null with <paramref name="rejection"/> set.</summary>
    public OutboxEvent? Normalize(ShareRecord record, out RejectedRecord? rejection)
    {
        rejection = null;
        if (record.Id is null)
        {
            rejection = new RejectedRecord(_feed.Name, null, "the record has no id", record.Json);
            return null;
        }

        if (record.Timestamp is not { } timestamp)
        {
            rejection = new RejectedRecord(_feed.Name, record.Id, "the record has no parsable tstamp or createDate", record.Json);
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        if (timestamp - now > _feed.MaxFutureSkew)
        {
            rejection = new RejectedRecord(_feed.Name, record.Id, $"the timestamp is {(timestamp - now).TotalMinutes:F0} minutes in the future, beyond the allowed skew of {_feed.MaxFutureSkew.TotalMinutes:F0} minutes", record.Json);
            return null;
        }

        if (now - timestamp > _feed.MaxRecordAge)
        {
            rejection = new RejectedRecord(_feed.Name, record.Id, $"the timestamp is {(now - timestamp).TotalDays:F0} days old, beyond the horizon of {_feed.MaxRecordAge.TotalDays:F0} days", record.Json);
            return null;
        }

        return new OutboxEvent(
            Sequence: 0,
            Feed: _feed.Name,
            Destination: _destination,
            EventId: record.Id,
            EventType: record.RecType ?? _feed.RecType,
            Source: _source,
            Time: timestamp,
            PartitionKey: null,
            Body: record.Json);
    }
}
