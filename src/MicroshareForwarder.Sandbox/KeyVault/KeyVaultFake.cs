using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MicroshareForwarder.Sandbox.KeyVault;

/// <summary>
/// A Key Vault secrets endpoint on 127.0.0.1 over HTTPS that serves <c>GET /secrets/{name}</c>
/// the way the Azure Key Vault REST API does: a request without a bearer token gets 401 with
/// a <c>WWW-Authenticate: Bearer</c> challenge naming the authority and the resource, an
/// accepted token gets the secret bundle, and an unknown name gets 404 <c>SecretNotFound</c>.
/// </summary>
public sealed class KeyVaultFake : IAsyncDisposable
{
    /// <summary>The resource that the challenge names; clients ask their credential for <c>{resource}/.default</c>.</summary>
    public const string Resource = "https://vault.azure.net";

    /// <summary>The tenant in the challenge's authority, which uses the reserved <c>.invalid</c> domain so nothing can reach it.</summary>
    public const string TenantId = "00000000-0000-0000-0000-00000000cafe";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests;

    private KeyVaultFake(WebApplication app, ConcurrentQueue<string> requests, Uri vaultUri)
    {
        _app = app;
        _requests = requests;
        VaultUri = vaultUri;
    }

    /// <summary>The vault URL, such as <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri VaultUri { get; }

    /// <summary>Each request as <c>METHOD path?query auth</c>, where auth is <c>bearer-ok</c>, <c>bearer-wrong</c> or <c>none</c>, oldest first.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public static async Task<KeyVaultFake> StartAsync(KeyVaultFakeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);

        var requests = new ConcurrentQueue<string>();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = options.TlsCertificate })));
        builder.Services.AddRouting();

        WebApplication app = builder.Build();
        app.MapGet("/secrets/{name}", (HttpContext context, string name) => ServeSecret(context, name, options, requests));
        app.MapGet("/secrets/{name}/{version}", (HttpContext context, string name) => ServeSecret(context, name, options, requests));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KeyVaultFake(app, requests, new Uri(address.TrimEnd('/') + "/"));
    }

    private static IResult ServeSecret(HttpContext context, string name, KeyVaultFakeOptions options, ConcurrentQueue<string> requests)
    {
        string header = context.Request.Headers.Authorization.ToString();
        string auth = !header.StartsWith("Bearer ", StringComparison.Ordinal) ? "none"
            : header["Bearer ".Length..] == options.AcceptedToken ? "bearer-ok"
            : "bearer-wrong";
        requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {auth}");

        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "The api-version query parameter is missing.");
        }

        if (auth != "bearer-ok")
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization=\"https://login.invalid/{TenantId}\", resource=\"{Resource}\"";
            return Error(HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }

        if (options.Forbidden)
        {
            return Error(HttpStatusCode.Forbidden, "Forbidden", "The user, group or application does not have secrets get permission on this key vault.");
        }

        if (!options.Secrets.TryGetValue(name, out string? value))
        {
            return Error(HttpStatusCode.NotFound, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.");
        }

        var bundle = new Dictionary<string, object>
        {
            ["value"] = value,
            ["id"] = $"{context.Request.Scheme}://{context.Request.Host}/secrets/{name}/0123456789abcdef0123456789abcdef",
            ["attributes"] = new Dictionary<string, object> { ["enabled"] = true, ["recoveryLevel"] = "Recoverable+Purgeable" },
        };
        return Results.Json(bundle);
    }

    private static IResult Error(HttpStatusCode status, string code, string message)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = new Dictionary<string, string> { ["code"] = code, ["message"] = message } });
        return Results.Content(body, "application/json", statusCode: (int)status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
