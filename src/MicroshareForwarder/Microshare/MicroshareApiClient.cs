using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Sends authorised GET requests to the Microshare data API. A 401 is answered by signing in
/// again and repeating the same request once; a second 401 raises
/// <see cref="MicroshareAuthenticationException"/> (exit code 77).
/// </summary>
internal sealed class MicroshareApiClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MicroshareTokenProvider _tokens;
    private readonly ILogger _logger;

    public MicroshareApiClient(IHttpClientFactory httpClientFactory, MicroshareTokenProvider tokens, ILogger<MicroshareApiClient> logger)
    {
        _httpClientFactory = httpClientFactory;
        _tokens = tokens;
        _logger = logger;
    }

    /// <summary>
    /// Returns the response of <paramref name="url"/> when it is a success, or hands every other
    /// status to <paramref name="onFailure"/> when one is given (it may throw or return null to fall
    /// through) and then raises <see cref="MicroshareRequestException"/>.
    /// </summary>
    /// <param name="url">The request URL; it never appears in a message or log.</param>
    /// <param name="purpose">What the request is for, such as "page 3 of feed rooms", used in messages.</param>
    /// <param name="isView">Marks a View query, whose 503 the retry policy treats as final.</param>
    /// <param name="onFailure">Turns known failure statuses into specific exceptions.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<byte[]> GetAsync(
        Uri url,
        string purpose,
        bool isView = false,
        Func<HttpResponseMessage, string, Exception?>? onFailure = null,
        CancellationToken cancellationToken = default)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var client = _httpClientFactory.CreateClient(MicroshareHttpClients.Api);

        for (var renewed = false; ; renewed = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Options.Set(MicroshareHttp.ViewQuery, isView);

            using var response = await MicroshareHttp.SendAsync(client, request, purpose, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (renewed)
                {
                    throw new MicroshareAuthenticationException(
                        $"Microshare answered 401 to {purpose} with a fresh token: the account may lack read access to this record type or identity (check MICROSHARE_IDENTITY and the record type).",
                        401);
                }

                Log.TokenRejectedMidWalk(_logger, purpose);
                token = await _tokens.RenewAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode && onFailure is not null)
            {
                var text = await ReadSnippetAsync(response, cancellationToken).ConfigureAwait(false);
                if (onFailure(response, text) is { } failure)
                {
                    throw failure;
                }
            }

            await MicroshareHttp.EnsureSuccessAsync(response, purpose, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads up to 200 characters of an error body, for messages; error bodies carry no records.</summary>
    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : text[..200] + "...";
    }
}
