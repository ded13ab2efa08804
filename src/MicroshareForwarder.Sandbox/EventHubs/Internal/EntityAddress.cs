using System.Diagnostics.CodeAnalysis;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// A producer link target: a hub, and a partition id when the producer sends to one partition.
/// </summary>
internal readonly record struct EntityAddress(string Hub, string? PartitionId)
{
    /// <summary>
    /// Parses <c>/HUB</c>, <c>/HUB/Partitions/N</c> or the same path inside an absolute
    /// <c>amqp://</c> or <c>amqps://</c> address.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? address, out EntityAddress entity)
    {
        entity = default;

        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        string path = address;
        if (Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) && uri.Scheme is "amqp" or "amqps")
        {
            path = uri.AbsolutePath;
        }

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        if (segments.Length == 1)
        {
            entity = new EntityAddress(segments[0], null);
            return true;
        }

        if (segments.Length == 3 && segments[1].Equals("Partitions", StringComparison.OrdinalIgnoreCase))
        {
            entity = new EntityAddress(segments[0], segments[2]);
            return true;
        }

        return false;
    }
}
