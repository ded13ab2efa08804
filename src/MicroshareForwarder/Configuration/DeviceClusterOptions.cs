namespace MicroshareForwarder.Configuration;

/// <summary>
/// A device cluster whose devices name the locations a dashboard feed queries: the first
/// element of each device's <c>meta.location[]</c> becomes one <c>loc1</c> value.
/// </summary>
internal sealed class DeviceClusterOptions
{
    /// <summary>The cluster's record type, the <c>{recType}</c> of <c>GET /device/{recType}/{clusterId}</c>.</summary>
    public required string RecType { get; init; }

    /// <summary>The cluster's id, the <c>{clusterId}</c> of <c>GET /device/{recType}/{clusterId}</c>.</summary>
    public required string ClusterId { get; init; }
}
