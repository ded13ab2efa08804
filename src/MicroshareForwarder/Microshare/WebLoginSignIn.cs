using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Signs in through the web application's login form, <c>POST {app}/login</c>. Success is
/// an HTTP 303 that sets a <c>PLAY_SESSION</c> cookie holding a JWT; its payload carries
/// the API token in <c>data.access_token</c> and the expiry in <c>exp</c> (epoch seconds).
/// </summary>
internal sealed class WebLoginSignIn : IMicroshareSignIn
{
    private const string SessionCookie = "PLAY_SESSION";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MicroshareOptions _options;

    public WebLoginSignIn(IHttpClientFactory httpClientFactory, MicroshareOptions options)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
    }

    public async Task<MicroshareToken> SignInAsync(CancellationToken cancellationToken = default)
    {
        var appUrl = _options.AppUrl ?? throw new InvalidOperationException("The web login needs MICROSHARE_APP_URL.");
        var fields = new Dictionary<string, string>
        {
            ["csrfToken"] = "microshare-forwarder",
            ["username"] = _options.Username,
            ["password"] = _options.Password,
        };

        var client = _httpClientFactory.CreateClient(MicroshareHttpClients.WebLogin);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(appUrl, "login"))
        {
            Content = new FormUrlEncodedContent(fields),
        };

        using var response = await MicroshareHttp.SendAsync(client, request, "the web login", cancellationToken).ConfigureAwait(false);

        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            await MicroshareHttp.EnsureSuccessAsync(response, "the web login", cancellationToken).ConfigureAwait(false);
        }

        var jwt = response.StatusCode == HttpStatusCode.SeeOther ? FindSessionCookie(response) : null;
        if (jwt is null)
        {
            throw new MicroshareAuthenticationException(
                $"Microshare rejected the web login (HTTP {(int)response.StatusCode}, no {SessionCookie} cookie): check MICROSHARE_USERNAME, MICROSHARE_PASSWORD and MICROSHARE_APP_URL.",
                (int)response.StatusCode);
        }

        return ParseSessionJwt(jwt);
    }

    private static string? FindSessionCookie(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return null;
        }

        foreach (var cookie in cookies)
        {
            var pair = cookie.Split(';', 2)[0];
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair[..separator].Trim() == SessionCookie)
            {
                var value = pair[(separator + 1)..].Trim().Trim('"');
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    /// <summary>Reads the token and expiry from the JWT's payload. The signature is not checked: the token is only passed back to Microshare.</summary>
    internal static MicroshareToken ParseSessionJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new MicroshareAuthenticationException($"The {SessionCookie} cookie is not a JWT (expected three dot-separated parts).");
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;

            var token = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("access_token", out var accessToken) && accessToken.ValueKind == JsonValueKind.String
                ? accessToken.GetString()
                : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new MicroshareAuthenticationException($"The {SessionCookie} JWT has no data.access_token.");
            }

            if (!root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds))
            {
                throw new MicroshareAuthenticationException($"The {SessionCookie} JWT has no exp claim.");
            }

            return new MicroshareToken(token, DateTimeOffset.FromUnixTimeSeconds(expSeconds));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            throw new MicroshareAuthenticationException($"The {SessionCookie} JWT payload is not valid base64url JSON.");
        }
    }
}
