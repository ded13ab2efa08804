namespace MicroshareForwarder.Microshare;

/// <summary>
/// Raised when Microshare rejects the credentials or a fresh token. Permanent: retrying
/// with the same settings cannot succeed.
/// </summary>
internal sealed class MicroshareAuthenticationException : Exception
{
    public MicroshareAuthenticationException(string message, int? statusCode = null)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int? StatusCode { get; }
}
