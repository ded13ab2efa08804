using System.Globalization;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Device ids and tags derived from the configured locations.</summary>
internal static class SimulatedDevices
{
    /// <summary>Global tags carried by every simulated record.</summary>
    public static readonly IReadOnlyList<string> GlobalTags = ["Sandbox", "demo", "solutions", "occupancy"];

    /// <summary>Returns the EUI-style id of the device at a location index, such as <c>00-00-00-00-00-00-01-01</c>.</summary>
    public static string DeviceId(int locationIndex)
    {
        int number = locationIndex + 1;

        return string.Create(
            CultureInfo.InvariantCulture,
            $"00-00-00-00-00-00-{(number >> 8) & 0xFF:X2}-{number & 0xFF:X2}");
    }

    /// <summary>Returns the key that names a location in <see cref="MicroshareSimulator.SetDashboardValue"/>: its tags joined by <c>/</c>.</summary>
    public static string LocationKey(IReadOnlyList<string> tags) => string.Join('/', tags);
}
