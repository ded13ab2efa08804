using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MicroshareForwarder.Sandbox.Identity;

/// <summary>
/// A loopback stand-in for Azure AD and for a managed identity endpoint, so the forwarder's
/// Azure.Identity credentials run end to end without Azure. It listens on two ports of
/// 127.0.0.1: HTTPS with the given certificate for the authority (Azure.Identity requires
/// https for an authority host), and plain HTTP for the App Service style managed identity
/// endpoint (<c>IDENTITY_ENDPOINT</c>, which is plain HTTP on App Service as well). It issues
/// unsigned JWT-shaped tokens and verifies no client credential, but records which kind was sent.
/// </summary>
public sealed class FakeTokenService : IAsyncDisposable
{
    /// <summary>The value that the managed identity endpoint expects in the <c>X-IDENTITY-HEADER</c> header.</summary>
    public const string IdentityHeaderValue = "sandbox-identity-header";

    /// <summary>The path of the managed identity endpoint on <see cref="ManagedIdentityEndpoint"/>.</summary>
    public const string ManagedIdentityPath = "/msi/token";

    /// <summary>The path that Azure's instance metadata service (IMDS) serves managed identity tokens on.</summary>
    public const string ImdsTokenPath = "/metadata/identity/oauth2/token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TokenServiceRequest> _requests;

    private FakeTokenService(WebApplication app, ConcurrentQueue<TokenServiceRequest> requests, Uri authorityHost, Uri plainBaseUrl)
    {
        _app = app;
        _requests = requests;
        AuthorityHost = authorityHost;
        PlainBaseUrl = plainBaseUrl;
    }

    /// <summary>The HTTPS root to set as <c>AZURE_AUTHORITY_HOST</c>, such as <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri AuthorityHost { get; }

    /// <summary>The plain HTTP root of the managed identity and IMDS paths.</summary>
    public Uri PlainBaseUrl { get; }

    /// <summary>The URL to set as <c>IDENTITY_ENDPOINT</c>.</summary>
    public Uri ManagedIdentityEndpoint => new(PlainBaseUrl, ManagedIdentityPath.TrimStart('/'));

    /// <summary>Every request received, oldest first.</summary>
    public IReadOnlyList<TokenServiceRequest> Requests => _requests.ToArray();

    /// <summary>Starts both listeners on free ports of 127.0.0.1.</summary>
    public static async Task<FakeTokenService> StartAsync(X509Certificate2 serverCertificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);

        var requests = new ConcurrentQueue<TokenServiceRequest>();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serverCertificate }));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddRouting();

        WebApplication app = builder.Build();
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context) => IssueClientTokenAsync(context, requests));
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext context, string tenant) => WriteOpenIdConfigurationAsync(context, requests, tenant));
        app.MapGet(ManagedIdentityPath, (HttpContext context) => IssueManagedIdentityTokenAsync(context, requests));
        app.MapGet(ImdsTokenPath, (HttpContext context) => RejectImdsAsync(context, requests));
        app.MapFallback((HttpContext context) =>
        {
            requests.Enqueue(new TokenServiceRequest(context.Request.Method, context.Request.Path.Value ?? "/", null, null, null, null, null));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();
        var https = new Uri(addresses.Single(address => address.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/') + "/");
        var http = new Uri(addresses.Single(address => address.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");
        return new FakeTokenService(app, requests, https, http);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task IssueClientTokenAsync(HttpContext context, ConcurrentQueue<TokenServiceRequest> requests)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? assertion = form["client_assertion"].FirstOrDefault();
        string? credential = null;
        if (form.ContainsKey("client_secret"))
        {
            credential = "secret";
        }
        else if (assertion is not null)
        {
            credential = "assertion";
        }

        requests.Enqueue(new TokenServiceRequest("POST", context.Request.Path.Value!, form["grant_type"].FirstOrDefault(), form["client_id"].FirstOrDefault(), credential, form["scope"].FirstOrDefault(), assertion));

        if (form["grant_type"] != "client_credentials" || credential is null)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, new Dictionary<string, object>
            {
                ["error"] = "invalid_request",
                ["error_description"] = "The sandbox token service accepts only client_credentials requests with a client secret or a client assertion.",
            }).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = CreateUnsignedJwt(),
        }).ConfigureAwait(false);
    }

    private static Task WriteOpenIdConfigurationAsync(HttpContext context, ConcurrentQueue<TokenServiceRequest> requests, string tenant)
    {
        requests.Enqueue(new TokenServiceRequest("GET", context.Request.Path.Value!, null, null, null, null, null));

        string root = $"{context.Request.Scheme}://{context.Request.Host}/{tenant}";
        return WriteJsonAsync(context, StatusCodes.Status200OK, new Dictionary<string, object>
        {
            ["issuer"] = $"{root}/v2.0",
            ["token_endpoint"] = $"{root}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{root}/oauth2/v2.0/authorize",
            ["jwks_uri"] = $"{root}/discovery/v2.0/keys",
        });
    }

    private static Task IssueManagedIdentityTokenAsync(HttpContext context, ConcurrentQueue<TokenServiceRequest> requests)
    {
        bool headerMatches = context.Request.Headers["X-IDENTITY-HEADER"] == IdentityHeaderValue;
        string? resource = context.Request.Query["resource"].FirstOrDefault();
        requests.Enqueue(new TokenServiceRequest("GET", ManagedIdentityPath, null, context.Request.Query["client_id"].FirstOrDefault(), headerMatches ? "identity-header" : null, resource, null));

        if (!headerMatches)
        {
            return WriteJsonAsync(context, StatusCodes.Status401Unauthorized, new Dictionary<string, object>
            {
                ["error"] = "unauthorized",
                ["error_description"] = "The X-IDENTITY-HEADER header is missing or wrong.",
            });
        }

        long expiresOn = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return WriteJsonAsync(context, StatusCodes.Status200OK, new Dictionary<string, object>
        {
            ["access_token"] = CreateUnsignedJwt(),
            ["expires_on"] = expiresOn.ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource ?? string.Empty,
            ["token_type"] = "Bearer",
        });
    }

    private static Task RejectImdsAsync(HttpContext context, ConcurrentQueue<TokenServiceRequest> requests)
    {
        requests.Enqueue(new TokenServiceRequest("GET", ImdsTokenPath, null, null, null, null, null));
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Task.CompletedTask;
    }

    private static Task WriteJsonAsync(HttpContext context, int statusCode, Dictionary<string, object> body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private static string CreateUnsignedJwt()
    {
        long expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        string header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        string payload = Base64Url($$"""{"aud":"https://eventhubs.azure.net","iss":"sandbox","exp":{{expires}}}""");
        return $"{header}.{payload}.";
    }

    private static string Base64Url(string text)
    {
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
