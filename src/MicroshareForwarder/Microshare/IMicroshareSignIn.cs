namespace MicroshareForwarder.Microshare;

/// <summary>One way of exchanging the configured credentials for a Microshare token.</summary>
internal interface IMicroshareSignIn
{
    /// <summary>Signs in and returns a new token; throws <see cref="MicroshareAuthenticationException"/> when the credentials are rejected.</summary>
    Task<MicroshareToken> SignInAsync(CancellationToken cancellationToken = default);
}
