using System.Net;
using System.Text.Json;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Signs in with the OAuth2 password grant, <c>POST {auth}/oauth2/token</c>. The fields
/// travel in a form body, never in the query string, so the password cannot reach an
/// access log or a trace of the URL.
/// </summary>
internal sealed class OAuth2PasswordSignIn : IMicroshareSignIn
{
    /// <summary>The documented token lifetime, used when the response has no <c>expires_in</c>.</summary>
    private static readonly TimeSpan DocumentedLifetime = TimeSpan.FromHours(48);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MicroshareOptions _options;
    private readonly TimeProvider _timeProvider;

    public OAuth2PasswordSignIn(IHttpClientFactory httpClientFactory, MicroshareOptions options, TimeProvider timeProvider)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<MicroshareToken> SignInAsync(CancellationToken cancellationToken = default)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "password"),
            new("username", _options.Username),
            new("password", _options.Password),
            new("client_id", _options.ApiKey),
            new("scope", _options.Scope),
        };
        if (_options.Identity is { } identity)
        {
            fields.Add(new("identity", identity));
        }

        var client = _httpClientFactory.CreateClient(MicroshareHttpClients.Api);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.AuthUrl, "oauth2/token"))
        {
            Content = new FormUrlEncodedContent(fields),
        };

        var requestedAt = _timeProvider.GetUtcNow();
        using var response = await MicroshareHttp.SendAsync(client, request, "the OAuth2 sign-in", cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            throw new MicroshareAuthenticationException(
                $"Microshare rejected the OAuth2 sign-in (HTTP {(int)response.StatusCode}): check MICROSHARE_USERNAME, MICROSHARE_PASSWORD, MICROSHARE_API_KEY and MICROSHARE_IDENTITY.",
                (int)response.StatusCode);
        }

        await MicroshareHttp.EnsureSuccessAsync(response, "the OAuth2 sign-in", cancellationToken).ConfigureAwait(false);

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseToken(body, requestedAt);
    }

    private static MicroshareToken ParseToken(byte[] body, DateTimeOffset requestedAt)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("access_token", out var tokenElement)
                || tokenElement.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(tokenElement.GetString()))
            {
                throw new MicroshareAuthenticationException("The Microshare OAuth2 response has no access_token: check MICROSHARE_AUTH_URL points at the token service.");
            }

            var lifetime = DocumentedLifetime;
            if (root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number && expiresIn.TryGetInt64(out var seconds) && seconds > 0)
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }

            return new MicroshareToken(tokenElement.GetString()!, requestedAt + lifetime);
        }
        catch (JsonException exception)
        {
            throw new MicroshareRequestException("The Microshare OAuth2 response is not valid JSON.", isTransient: true, innerException: exception);
        }
    }
}
