using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Issued bearer tokens and their expiry times.</summary>
internal sealed class TokenStore(TimeProvider timeProvider, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<string> _issued = new();

    /// <summary>Every token issued so far, oldest first, including expired ones.</summary>
    public IReadOnlyList<string> Issued => _issued.ToArray();

    /// <summary>Issues a new 64-hex-digit token, like production tokens, and returns it with its expiry time.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue()
    {
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        DateTimeOffset expiresAt = timeProvider.GetUtcNow() + lifetime;

        _expiries[token] = expiresAt;
        _issued.Enqueue(token);

        return (token, expiresAt);
    }

    /// <summary>Checks that the token was issued and has not expired.</summary>
    public bool IsValid(string token) =>
        _expiries.TryGetValue(token, out DateTimeOffset expiresAt) && timeProvider.GetUtcNow() < expiresAt;

    /// <summary>Forgets every token, so each one is rejected from now on.</summary>
    public void ExpireAll() => _expiries.Clear();
}
