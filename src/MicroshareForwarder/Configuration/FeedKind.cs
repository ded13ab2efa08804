namespace MicroshareForwarder.Configuration;

/// <summary>What a feed reads from Microshare.</summary>
internal enum FeedKind
{
    /// <summary>Share records of one record type, <c>GET /share/{recType}</c>, walked newest first.</summary>
    Share,

    /// <summary>Hourly entries of the dashboard View on <c>io.microshare.fm.master.agg</c>, one event per closed hour and location.</summary>
    Dashboard,

    /// <summary>Records returned by any View (<c>GET /share/{viewRecType}?id=...&amp;from=...&amp;to=...</c>) over time windows.</summary>
    View,
}
