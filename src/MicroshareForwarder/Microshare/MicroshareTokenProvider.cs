using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Hands out a valid Microshare token: the cached one while it is valid for longer than
/// the refresh margin, else a new one from the configured sign-in, which is then cached.
/// </summary>
internal sealed class MicroshareTokenProvider
{
    private readonly IMicroshareSignIn _signIn;
    private readonly TokenCache _cache;
    private readonly MicroshareOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private MicroshareToken? _current;

    public MicroshareTokenProvider(IMicroshareSignIn signIn, TokenCache cache, MicroshareOptions options, TimeProvider timeProvider, ILogger<MicroshareTokenProvider> logger)
    {
        _signIn = signIn;
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Returns a token that stays valid for longer than the refresh margin.</summary>
    public async Task<MicroshareToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_current is not null && IsFresh(_current))
        {
            return _current;
        }

        var cached = await _cache.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (cached is not null && IsFresh(cached))
        {
            Log.TokenReusedFromCache(_logger, cached.ExpiresAt);
            _current = cached;
            return cached;
        }

        return await SignInAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Discards the current token and signs in again; used after the API answered 401 to a
    /// token that looked valid (revoked, or cut short by the server).
    /// </summary>
    public async Task<MicroshareToken> RenewAsync(CancellationToken cancellationToken = default)
    {
        _current = null;
        return await SignInAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<MicroshareToken> SignInAsync(CancellationToken cancellationToken)
    {
        var token = await _signIn.SignInAsync(cancellationToken).ConfigureAwait(false);
        Log.SignedIn(_logger, _options.AuthMethod, token.ExpiresAt);

        await _cache.WriteAsync(token, cancellationToken).ConfigureAwait(false);
        _current = token;
        return token;
    }

    private bool IsFresh(MicroshareToken token)
    {
        return token.ExpiresAt - _options.TokenRefreshMargin > _timeProvider.GetUtcNow();
    }
}
