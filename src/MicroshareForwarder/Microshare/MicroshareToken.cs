namespace MicroshareForwarder.Microshare;

/// <summary>A bearer token for the Microshare API and the time it stops being valid.</summary>
internal sealed record MicroshareToken(string AccessToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Hides the token, so a record printed by accident leaks nothing.</summary>
    public override string ToString() => $"MicroshareToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
