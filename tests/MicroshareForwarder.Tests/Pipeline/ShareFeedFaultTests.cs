using System.Diagnostics;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Pipeline;

/// <summary>Each simulator fault against a full forwarder run: retried and completed, or failed with nothing advanced.</summary>
public sealed class ShareFeedFaultTests
{
    private const int RecordCount = 250;

    [Theory]
    [InlineData(FaultKind.ServerError500)]
    [InlineData(FaultKind.Unavailable503)]
    [InlineData(FaultKind.GatewayTimeout504)]
    [InlineData(FaultKind.TruncatedBody)]
    [InlineData(FaultKind.MalformedJson)]
    public async Task Fault_OnPageTwo_RetriedAndCompleted(FaultKind kind)
    {
        await using var rig = await StartAsync();
        rig.Simulator.EnqueueFault(new SimulatorFault(kind, "/share", Page: 2));

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        AssertEveryRecordOnce(rig);
        Assert.NotNull(rig.ReadWatermark("share"));
    }

    [Fact]
    public async Task TooManyRequests429_RetryAfter_HonouredAndCompleted()
    {
        await using var rig = await StartAsync();
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.TooManyRequests429, "/share", Page: 2) { RetryAfter = TimeSpan.FromSeconds(1) });
        var stopwatch = Stopwatch.StartNew();

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1), $"the run took {stopwatch.Elapsed}, shorter than Retry-After");
        AssertEveryRecordOnce(rig);
    }

    [Fact]
    public async Task Delay_BeyondRequestTimeout_RetriedAndCompleted()
    {
        await using var rig = await StartAsync();
        rig.Settings["MICROSHARE_REQUEST_TIMEOUT"] = "1s";
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Delay, "/share", Page: 2) { Delay = TimeSpan.FromSeconds(3) });

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        AssertEveryRecordOnce(rig);
    }

    [Fact]
    public async Task Unauthorized401_MidWalk_SignsInAgainAndResumes()
    {
        await using var rig = await StartAsync();
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Unauthorized401, "/share", Page: 2));

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(2, rig.Simulator.TokenRequests);
        AssertEveryRecordOnce(rig);
    }

    [Fact]
    public async Task TokensExpired_MidWalk_SignsInAgainAndResumes()
    {
        await using var rig = await StartAsync();
        var (firstExit, _, _) = await rig.RunAsync();
        rig.Simulator.ExpireAllTokens();

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Success, firstExit);
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(2, rig.Simulator.TokenRequests);
        AssertEveryRecordOnce(rig);
    }

    [Fact]
    public async Task Unauthorized401_Twice_FailsWith77AndKeepsWatermark()
    {
        await using var rig = await StartAsync();
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Unauthorized401, "/share", Page: 2));
        rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Unauthorized401, "/share", Page: 2));

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.NoPermission, exitCode);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.Null(rig.ReadWatermark("share"));
    }

    [Fact]
    public async Task ServerError500_Persistent_FailsWith75AndKeepsWatermark()
    {
        await using var rig = await StartAsync();
        rig.Settings["MICROSHARE_MAX_RETRIES"] = "2";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.ServerError500, "/share", Page: 1));
        }

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.TemporaryFailure, exitCode);
        Assert.Contains("HTTP 500", error, StringComparison.Ordinal);
        Assert.Empty(rig.Received);
        Assert.Null(rig.ReadWatermark("share"));
    }

    [Fact]
    public async Task MalformedJson_Persistent_FailsWith75AndKeepsWatermark()
    {
        await using var rig = await StartAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.MalformedJson, "/share", Page: 2));
        }

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.TemporaryFailure, exitCode);
        Assert.Contains("unreadable", error, StringComparison.Ordinal);
        Assert.Null(rig.ReadWatermark("share"));
    }

    [Fact]
    public async Task ShortEmptyAndHiddenPages_Walk_ForwardsEveryVisibleRecord()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions
        {
            RecordCount = RecordCount,
            HiddenRecordCount = 400,
            ShortPages = new HashSet<int> { 1, 3 },
            EmptyPages = new HashSet<int> { 2 },
        });
        rig.Settings["MICROSHARE_PAGE_SIZE"] = "50";

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        AssertEveryRecordOnce(rig);
    }

    [Fact]
    public async Task InsertRecords_ThreePagesShifting_ForwardsEachStartRecordOnce()
    {
        await using var rig = await StartAsync();
        var atStart = rig.Simulator.Records.Select(record => record.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var page in (int[])[2, 3, 4])
        {
            rig.Simulator.EnqueueFault(new SimulatorFault(FaultKind.InsertRecords, "/share", Page: page) { InsertCount = 20 });
        }

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        var received = rig.Received.Select(item => item.MessageId!).ToList();
        Assert.Equal(received.Count, received.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(received.ToHashSet(StringComparer.Ordinal), atStart);
        Assert.Equal(RecordCount + 60, rig.Simulator.Records.Count);
    }

    private static async Task<ForwarderRig> StartAsync()
    {
        var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = RecordCount });
        rig.Settings["MICROSHARE_PAGE_SIZE"] = "50";
        return rig;
    }

    private static void AssertEveryRecordOnce(ForwarderRig rig)
    {
        var expected = rig.Simulator.Records.Select(record => record.Id).Order(StringComparer.Ordinal).ToList();
        var received = rig.Received.Select(item => item.MessageId!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, received);
    }
}
