using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Reads pages of <c>GET /share/{recType}</c>. A 401 is answered by signing in again and
/// repeating the same page once (see <see cref="MicroshareApiClient"/>). A body that is
/// truncated or not valid JSON is fetched again up to twice before the page counts as failed.
/// </summary>
internal sealed class ShareClient
{
    private const int MaxUnreadableAttempts = 3;

    private readonly MicroshareApiClient _api;
    private readonly MicroshareOptions _options;
    private readonly ILogger _logger;

    public ShareClient(MicroshareApiClient api, MicroshareOptions options, ILogger<ShareClient> logger)
    {
        _api = api;
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
            var body = await _api.GetAsync(url, $"page {page} of feed {feed}", cancellationToken: cancellationToken).ConfigureAwait(false);

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
}
