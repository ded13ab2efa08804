using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Reads pages of <c>GET /share/{recType}</c>. A 401 is answered by signing in again and
/// repeating the same page once; a second 401 raises
/// <see cref="MicroshareAuthenticationException"/>. A body that is truncated or not
/// valid JSON is fetched again up to twice before the page counts as failed.
/// </summary>
internal sealed class ShareClient
{
    private const int MaxUnreadableAttempts = 3;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MicroshareTokenProvider _tokens;
    private readonly MicroshareOptions _options;
    private readonly ILogger _logger;

    public ShareClient(IHttpClientFactory httpClientFactory, MicroshareTokenProvider tokens, MicroshareOptions options, ILogger<ShareClient> logger)
    {
        _httpClientFactory = httpClientFactory;
        _tokens = tokens;
        _options = options;
        _logger = logger;
    }

    /// <summary>Fetches page <paramref name="page"/> (1-based) of the record type, newest records first.</summary>
    public async Task<SharePage> GetPageAsync(string feed, string recType, int page, CancellationToken cancellationToken = default)
    {
        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"share/{Uri.EscapeDataString(recType)}?details=true&page={page}&perPage={_options.PageSize}&sort=-tstamp");
        var url = new Uri(_options.ApiUrl, path);

        for (var attempt = 1; ; attempt++)
        {
            var stopwatch = Stopwatch.StartNew();
            var body = await GetWithTokenAsync(feed, page, url, cancellationToken).ConfigureAwait(false);

            try
            {
                var parsed = SharePageParser.Parse(page, body);
                Log.PageFetched(_logger, feed, page, parsed.Records.Count, stopwatch.ElapsedMilliseconds, body.Length);
                return parsed;
            }
            catch (JsonException exception) when (attempt < MaxUnreadableAttempts)
            {
                Log.PageUnreadable(_logger, feed, page, exception.Message, attempt + 1);
            }
            catch (JsonException exception)
            {
                throw new MicroshareRequestException(
                    $"Page {page} of feed {feed} was unreadable {MaxUnreadableAttempts} times ({exception.Message}); a later run will try again.",
                    isTransient: true,
                    innerException: exception);
            }
        }
    }

    private async Task<byte[]> GetWithTokenAsync(string feed, int page, Uri url, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var client = _httpClientFactory.CreateClient(MicroshareHttpClients.Api);

        for (var renewed = false; ; renewed = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var response = await MicroshareHttp.SendAsync(client, request, $"page {page} of feed {feed}", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (renewed)
                {
                    throw new MicroshareAuthenticationException(
                        $"Microshare answered 401 to page {page} of feed {feed} with a fresh token: the account may lack read access to this record type or identity (check MICROSHARE_IDENTITY and the record type).",
                        401);
                }

                Log.TokenRejectedMidWalk(_logger, feed, page);
                token = await _tokens.RenewAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await MicroshareHttp.EnsureSuccessAsync(response, $"page {page} of feed {feed}", cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
