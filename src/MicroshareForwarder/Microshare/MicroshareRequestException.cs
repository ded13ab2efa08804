namespace MicroshareForwarder.Microshare;

/// <summary>
/// Raised when a Microshare request fails after its retries. <see cref="IsTransient"/>
/// tells whether a later run may succeed (timeouts, 429, 5xx, unreadable bodies) or the
/// request itself is wrong (404, 403, 400).
/// </summary>
internal sealed class MicroshareRequestException : Exception
{
    public MicroshareRequestException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    public bool IsTransient { get; }

    public int? StatusCode { get; }
}
