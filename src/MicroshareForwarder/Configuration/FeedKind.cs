namespace MicroshareForwarder.Configuration;

/// <summary>What a feed reads from Microshare.</summary>
internal enum FeedKind
{
    /// <summary>Share records of one record type, <c>GET /share/{recType}</c>.</summary>
    Share,
}
