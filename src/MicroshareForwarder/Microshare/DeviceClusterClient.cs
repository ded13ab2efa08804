using System.Net;
using System.Text.Json;
using MicroshareForwarder.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>Reads a dashboard feed's locations from its device cluster, <c>GET /device/{recType}/{clusterId}?details=true</c>.</summary>
internal sealed class DeviceClusterClient
{
    private readonly MicroshareApiClient _api;
    private readonly Uri _apiUrl;
    private readonly ILogger _logger;

    public DeviceClusterClient(MicroshareApiClient api, Uri apiUrl, ILogger<DeviceClusterClient> logger)
    {
        _api = api;
        _apiUrl = apiUrl;
        _logger = logger;
    }

    /// <summary>Returns the cluster's building names after the identity filter and the prefix mapping.</summary>
    public async Task<IReadOnlyList<string>> GetLocationsAsync(FeedOptions feed, DeviceClusterOptions cluster, CancellationToken cancellationToken = default)
    {
        var url = new Uri(_apiUrl, $"device/{Uri.EscapeDataString(cluster.RecType)}/{Uri.EscapeDataString(cluster.ClusterId)}?details=true");
        var purpose = $"the device cluster of feed {feed.Name}";
        var body = await _api.GetAsync(
            url,
            purpose,
            onFailure: (response, text) => response.StatusCode == HttpStatusCode.NotFound
                ? new MicroshareRequestException(
                    $"Feed {feed.Name}: Microshare answered 404 to device cluster '{cluster.ClusterId}' ({text}): check the cluster's record type and id, and that the signed-in identity can read it. The other feeds go on.",
                    isTransient: false,
                    statusCode: 404,
                    affectsOnlyFeed: true)
                : null,
            cancellationToken: cancellationToken).ConfigureAwait(false);

        try
        {
            var (locations, skipped) = DeviceClusterParser.ReadLocations(body, feed.LocationIdentity);
            Log.DeviceClusterRead(_logger, feed.Name, locations.Count, skipped);
            return locations.Select(location => DeviceClusterParser.MapPrefix(location, feed.LocationPrefixMap)).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (JsonException exception)
        {
            throw new MicroshareRequestException($"The response to {purpose} was unreadable ({exception.Message}); a later run will try again.", isTransient: true, innerException: exception);
        }
    }
}
