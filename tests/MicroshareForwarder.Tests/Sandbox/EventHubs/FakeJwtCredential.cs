using Azure.Core;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

/// <summary>
/// A <see cref="TokenCredential"/> that returns a fixed, unsigned JWT-shaped string without any
/// network call, so that the SDK takes its credential path and sends the token type <c>jwt</c>.
/// </summary>
internal sealed class FakeJwtCredential : TokenCredential
{
    private const string UnsignedJwt = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJzYW5kYm94In0.";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        return new AccessToken(UnsignedJwt, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        return ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
