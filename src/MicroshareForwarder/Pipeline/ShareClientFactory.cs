using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Pipeline;

/// <summary>Builds a <see cref="ShareClient"/> with the configured sign-in and a token cache in a given directory.</summary>
internal static class ShareClientFactory
{
    public static ShareClient Create(ForwarderOptions options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider, string tokenCacheDirectory)
    {
        IMicroshareSignIn signIn = options.Microshare.AuthMethod == MicroshareAuthMethod.WebLogin
            ? new WebLoginSignIn(httpClientFactory, options.Microshare)
            : new OAuth2PasswordSignIn(httpClientFactory, options.Microshare, timeProvider);

        var tokens = new MicroshareTokenProvider(
            signIn,
            new TokenCache(tokenCacheDirectory, options.Microshare, loggerFactory.CreateLogger<TokenCache>()),
            options.Microshare,
            timeProvider,
            loggerFactory.CreateLogger<MicroshareTokenProvider>());
        var api = new MicroshareApiClient(httpClientFactory, tokens, loggerFactory.CreateLogger<MicroshareApiClient>());
        return new ShareClient(api, options.Microshare, loggerFactory.CreateLogger<ShareClient>());
    }
}
