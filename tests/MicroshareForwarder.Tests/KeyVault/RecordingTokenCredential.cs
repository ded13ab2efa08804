using System.Collections.Concurrent;
using Azure.Core;

namespace MicroshareForwarder.Tests.KeyVault;

/// <summary>
/// A <see cref="TokenCredential"/> that hands out one fixed token without any network call and
/// records the scopes and tenants it was asked for. It replaces Azure AD, so a test never
/// contacts a real identity endpoint.
/// </summary>
internal sealed class RecordingTokenCredential(string token) : TokenCredential
{
    private readonly ConcurrentQueue<TokenRequestContext> _requests = new();

    public IReadOnlyList<TokenRequestContext> Requests => _requests.ToArray();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        _requests.Enqueue(requestContext);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        return ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
