namespace MicroshareForwarder.Microshare;

/// <summary>
/// Raised when a Microshare request fails after its retries. <see cref="IsTransient"/>
/// tells whether a later run may succeed (timeouts, 429, 5xx, unreadable bodies) or the
/// request itself is wrong (404, 403, 400).
/// </summary>
internal sealed class MicroshareRequestException : Exception
{
    public MicroshareRequestException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null, bool affectsOnlyFeed = false)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        AffectsOnlyFeed = affectsOnlyFeed;
    }

    /// <summary>
    /// True when the failure comes from one feed's own settings (a View id that is not found, a
    /// dashboard query Microshare cannot run), so the run goes on with the other feeds.
    /// </summary>
    public bool AffectsOnlyFeed { get; }

    public bool IsTransient { get; }

    public int? StatusCode { get; }
}
