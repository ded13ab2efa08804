using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Pipeline;

/// <summary>
/// The whole path on loopback: real HTTP to the simulator, the real Event Hubs SDK to the
/// AMQP endpoint, a real SQLite store.
/// </summary>
public sealed class EndToEndRunTests
{
    [Fact]
    public async Task Run_FirstRun_DeliversEveryRecordOnceWithBytesUnchanged()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 2500 });

        var result = await fixture.RunAsync();

        Assert.True(result.ExitCode == 0, result.Error);
        var check = DeliveryCheck.Compare(fixture.Sandbox.Simulator.Records, fixture.Sandbox.EventHubs.GetReceived(fixture.Sandbox.HubName));
        Assert.True(check.Passed, check.Describe());
        Assert.Equal(2500, check.Received);
    }

    [Fact]
    public async Task Run_FirstRun_SetsCloudEventsPropertiesAndContentType()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 50 });

        var result = await fixture.RunAsync();

        Assert.Equal(0, result.ExitCode);
        var records = fixture.Sandbox.Simulator.Records.ToDictionary(record => record.Id);
        foreach (var received in fixture.Sandbox.EventHubs.GetReceived(fixture.Sandbox.HubName))
        {
            var record = records[received.MessageId!];
            Assert.Equal("application/json", received.ContentType);
            Assert.Equal(record.Id, received.ApplicationProperties[CloudEventProperties.Id]);
            Assert.Equal("1.0", received.ApplicationProperties[CloudEventProperties.SpecVersion]);
            Assert.Equal("io.microshare.occupancy.unpacked", received.ApplicationProperties[CloudEventProperties.Type]);
            Assert.Equal(new Uri(fixture.Sandbox.Simulator.BaseUrl, "share/io.microshare.occupancy.unpacked").ToString(), received.ApplicationProperties[CloudEventProperties.Source]);
            Assert.Equal(record.Tstamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), received.ApplicationProperties[CloudEventProperties.Time]);
        }
    }

    [Fact]
    public async Task Run_SecondRun_ForwardsNothingAndCountsDuplicates()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 2100 });

        var first = await fixture.RunAsync();
        var second = await fixture.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(2100, first.Feed().GetProperty("forwarded").GetInt64());
        Assert.Equal(0, second.Feed().GetProperty("forwarded").GetInt64());
        Assert.Equal(first.Feed().GetProperty("forwarded").GetInt64(), second.Feed().GetProperty("duplicates").GetInt64());
        Assert.Equal(2100, fixture.Sandbox.EventHubs.GetReceivedCount(fixture.Sandbox.HubName));
    }

    [Fact]
    public async Task Run_JsonOutput_LastLineIsTheSummary()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 2000 });

        var result = await fixture.RunAsync();

        var summary = result.Summary();
        Assert.Equal(0, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal(32, summary.GetProperty("runId").GetString()!.Length);
        var feed = result.Feed();
        Assert.Equal(2000, feed.GetProperty("fetched").GetInt64());
        Assert.Equal(2000, feed.GetProperty("forwarded").GetInt64());
        Assert.Equal(0, feed.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, feed.GetProperty("rejected").GetInt64());
        Assert.Equal(3, feed.GetProperty("pages").GetInt32());
    }

    [Fact]
    public async Task Run_NewRecordsBetweenRuns_ForwardsOnlyTheNewOnes()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 300 });

        await fixture.RunAsync();
        fixture.Sandbox.Simulator.InsertRecords(25);
        var second = await fixture.RunAsync();

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(25, second.Feed().GetProperty("forwarded").GetInt64());
        var check = DeliveryCheck.Compare(fixture.Sandbox.Simulator.Records, fixture.Sandbox.EventHubs.GetReceived(fixture.Sandbox.HubName));
        Assert.True(check.Passed, check.Describe());
    }

    [Fact]
    public async Task Run_AfterSuccess_WritesStateJsonWithWatermark()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 20 });

        await fixture.RunAsync();

        var path = Path.Combine(fixture.StateDirectory, "state.json");
        using var state = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var feed = state.RootElement.GetProperty("feeds").GetProperty("share");
        Assert.Equal("success", state.RootElement.GetProperty("lastRun").GetProperty("result").GetString());
        Assert.Equal(fixture.Sandbox.Simulator.Records.Max(record => record.Tstamp), feed.GetProperty("watermark").GetDateTimeOffset());
        Assert.Equal(0, feed.GetProperty("outboxDepth").GetInt64());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
    }
}
