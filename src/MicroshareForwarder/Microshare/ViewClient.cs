using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Runs Microshare Views, <c>GET /share/{viewRecType}?id={viewId}&amp;name=value...</c>, where
/// each parameter fills <c>${name}</c> in the View's pipeline. A 404 (View id not found or not
/// readable) and a 503 (a parameter the pipeline cannot resolve) are permanent for the feed.
/// A body that is truncated or not valid JSON is fetched again up to twice.
/// </summary>
internal sealed class ViewClient
{
    private const int MaxUnreadableAttempts = 3;

    private readonly MicroshareApiClient _api;
    private readonly Uri _apiUrl;
    private readonly ILogger _logger;

    public ViewClient(MicroshareApiClient api, Uri apiUrl, ILogger<ViewClient> logger)
    {
        _api = api;
        _apiUrl = apiUrl;
        _logger = logger;
    }

    /// <summary>Formats a View time parameter the way the Microshare dashboard does: <c>2025-10-30T23:00:00.000Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Builds the View URL with its parameters in the given order, each value URL-encoded.</summary>
    public Uri BuildUrl(string viewRecType, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var path = new StringBuilder("share/").Append(Uri.EscapeDataString(viewRecType)).Append('/');
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            path.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(_apiUrl, path.ToString());
    }

    /// <summary>Runs the View and parses its body with <paramref name="parse"/>, which throws <see cref="JsonException"/> on a damaged body.</summary>
    public async Task<TResult> QueryAsync<TResult>(
        string feed,
        string viewId,
        Uri url,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        Func<ReadOnlyMemory<byte>, TResult> parse,
        Func<TResult, int> countObjects,
        CancellationToken cancellationToken = default)
    {
        var purpose = $"the View query of feed {feed} for {FormatTime(windowStart)} to {FormatTime(windowEnd)}";
        for (var attempt = 1; ; attempt++)
        {
            var stopwatch = Stopwatch.StartNew();
            var body = await _api.GetAsync(url, purpose, isView: true, (response, text) => DescribeFailure(feed, viewId, response, text), cancellationToken).ConfigureAwait(false);

            try
            {
                var result = parse(body);
                Log.ViewFetched(_logger, feed, windowStart, windowEnd, countObjects(result), stopwatch.ElapsedMilliseconds);
                return result;
            }
            catch (JsonException exception) when (attempt < MaxUnreadableAttempts)
            {
                Log.PageUnreadable(_logger, feed, 1, exception.Message, attempt + 1);
            }
            catch (JsonException exception)
            {
                throw new MicroshareRequestException(
                    $"The response to {purpose} was unreadable {MaxUnreadableAttempts} times ({exception.Message}); a later run will try again.",
                    isTransient: true,
                    innerException: exception);
            }
        }
    }

    private static MicroshareRequestException? DescribeFailure(string feed, string viewId, HttpResponseMessage response, string text)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new MicroshareRequestException(
                $"Feed {feed}: Microshare answered 404 to View '{viewId}' ({text}). The View id is wrong or the signed-in identity cannot read it: check the feed's view id and MICROSHARE_IDENTITY. The other feeds go on.",
                isTransient: false,
                statusCode: 404,
                affectsOnlyFeed: true);
        }

        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return new MicroshareRequestException(
                $"Feed {feed}: Microshare answered 503 to View '{viewId}' ({text}). Microshare answers 503 when a View parameter cannot be filled in: dataContext must be one JSON array string such as [\"people\"], and field1 to field6 must all be set. The other feeds go on.",
                isTransient: false,
                statusCode: 503,
                affectsOnlyFeed: true);
        }

        return null;
    }
}
