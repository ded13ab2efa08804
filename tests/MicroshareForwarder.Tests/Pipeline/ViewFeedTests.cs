using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Pipeline;

public sealed class ViewFeedTests
{
    [Fact]
    public async Task View_RangeView_ForwardsEveryRecordOnce()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 100 });
        UseView(rig);

        var (exitCode, _, error) = await rig.RunAsync();
        var (secondExit, _, _) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(ExitCodes.Success, secondExit);
        var expected = rig.Simulator.Records.Select(record => record.Id).Order(StringComparer.Ordinal).ToList();
        var received = rig.Received.Select(item => item.MessageId!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, received);
        Assert.NotNull(rig.ReadWatermark("view"));
    }

    [Fact]
    public async Task View_UnknownViewId_FailsWith78AndHint()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10 });
        UseView(rig);
        rig.Settings["MICROSHARE_VIEW_ID"] = "missing";

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("MICROSHARE_IDENTITY", error, StringComparison.Ordinal);
        Assert.Empty(rig.Received);
    }

    private static void UseView(ForwarderRig rig)
    {
        rig.Settings["FORWARDER_FEED_KIND"] = "view";
        rig.Settings["MICROSHARE_RECTYPE"] = "io.example.occupancy.view";
        rig.Settings["MICROSHARE_VIEW_ID"] = "sandbox-range-view";
        rig.Settings["FORWARDER_SETTLE_DELAY"] = "0s";
    }
}
