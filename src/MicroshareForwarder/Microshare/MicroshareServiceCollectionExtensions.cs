using System.Net;
using System.Security.Authentication;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MicroshareForwarder.Microshare;

/// <summary>Registers the Microshare client: HTTP clients with TLS rules and retries, sign-in, token cache and page reader.</summary>
internal static class MicroshareServiceCollectionExtensions
{
    public static IServiceCollection AddMicroshare(this IServiceCollection services, ForwarderOptions options)
    {
        var microshare = options.Microshare;
        var trust = CertificateTrust.FromPemFile(microshare.CaFile);

        services.AddHttpClient(MicroshareHttpClients.Api)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(trust, followRedirects: true))
            .AddResilienceHandler("microshare", builder => ConfigureResilience(builder, microshare));

        services.AddHttpClient(MicroshareHttpClients.WebLogin)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(trust, followRedirects: false))
            .AddResilienceHandler("microshare-login", builder => ConfigureResilience(builder, microshare));

        // Added after the resilience handler, so it sits below it and a cut-off body is retried.
        services.AddHttpClient(MicroshareHttpClients.Api).AddHttpMessageHandler(() => new ResponseBufferingHandler());
        services.AddHttpClient(MicroshareHttpClients.WebLogin).AddHttpMessageHandler(() => new ResponseBufferingHandler());

        services.AddSingleton(microshare);
        services.AddSingleton(provider => new TokenCache(
            options.State.Directory,
            microshare,
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TokenCache>>()));
        services.AddSingleton<IMicroshareSignIn>(provider => microshare.AuthMethod == MicroshareAuthMethod.WebLogin
            ? new WebLoginSignIn(provider.GetRequiredService<IHttpClientFactory>(), microshare)
            : new OAuth2PasswordSignIn(provider.GetRequiredService<IHttpClientFactory>(), microshare, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MicroshareTokenProvider>();
        services.AddSingleton<MicroshareApiClient>();
        services.AddSingleton<ShareClient>();
        return services;
    }

    /// <summary>
    /// Retries timeouts, transport failures, 408, 429 and 5xx, except a View query's 503, which
    /// Microshare sends when a View parameter cannot be filled in and which repeats on every retry.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.ServiceUnavailable } response
            && response.RequestMessage?.Options.TryGetValue(MicroshareHttp.ViewQuery, out var isView) == true
            && isView)
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static SocketsHttpHandler CreateHandler(CertificateTrust trust, bool followRedirects)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = followRedirects,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
        return handler;
    }

    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder, MicroshareOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = true,
        };
        retry.ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome));

        builder
            .AddTimeout(options.RequestTimeout * (options.MaxRetries + 2))
            .AddRetry(retry)
            .AddTimeout(options.RequestTimeout);
    }
}
