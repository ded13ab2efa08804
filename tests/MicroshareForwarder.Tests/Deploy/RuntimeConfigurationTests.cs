using System.Text.Json;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Deploy;

/// <summary>The runtime settings that the forwarder's build writes into its runtimeconfig.json.</summary>
public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void LohThreshold_FitsOnePage()
    {
        using var document = ReadRuntimeConfig();

        var threshold = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.LOHThreshold").GetInt64();

        // A page of 999 records of up to 2 KB each must fit below the threshold.
        Assert.True(threshold >= 999 * 2048, $"System.GC.LOHThreshold is {threshold} bytes.");
    }

    [Fact]
    public void TieredPgo_IsOff()
    {
        using var document = ReadRuntimeConfig();

        var tieredPgo = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.Runtime.TieredPGO").GetBoolean();

        Assert.False(tieredPgo);
    }

    private static JsonDocument ReadRuntimeConfig()
    {
        var path = Path.ChangeExtension(ForwarderBinary.DllPath, ".runtimeconfig.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
