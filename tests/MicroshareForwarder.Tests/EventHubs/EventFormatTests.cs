using System.Text.Json;
using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>EVENTHUB_EVENT_FORMAT as the endpoint receives it.</summary>
public sealed class EventFormatTests
{
    [Fact]
    public async Task Binary_Run_SendsCloudEventProperties()
    {
        var (received, record) = await RunWithFormatAsync("binary");

        Assert.Equal("application/json", received.ContentType);
        Assert.Equal(record.Id, received.MessageId);
        Assert.Equal(record.Id, received.ApplicationProperties["cloudEvents:id"]);
        Assert.Equal("io.microshare.occupancy.unpacked", received.ApplicationProperties["cloudEvents:type"]);
        Assert.Equal("1.0", received.ApplicationProperties["cloudEvents:specversion"]);
        Assert.Contains("cloudEvents:source", received.ApplicationProperties.Keys);
        Assert.Contains("cloudEvents:time", received.ApplicationProperties.Keys);
        Assert.Equal(record.Json, received.Body);
    }

    [Fact]
    public async Task Structured_Run_SendsEnvelopeWithRecordUnchanged()
    {
        var (received, record) = await RunWithFormatAsync("structured");

        Assert.Equal("application/cloudevents+json", received.ContentType);
        Assert.Empty(received.ApplicationProperties);
        using var envelope = JsonDocument.Parse(received.Body);
        var root = envelope.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(record.Id, root.GetProperty("id").GetString());
        Assert.Equal("io.microshare.occupancy.unpacked", root.GetProperty("type").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.EndsWith("share/io.microshare.occupancy.unpacked", root.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(record.Json), root.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Raw_Run_SendsBodyOnly()
    {
        var (received, record) = await RunWithFormatAsync("raw");

        Assert.Null(received.ContentType);
        Assert.Null(received.MessageId);
        Assert.Empty(received.ApplicationProperties);
        Assert.Equal(record.Json, received.Body);
    }

    private static async Task<(ReceivedEvent Received, MicroshareForwarder.Sandbox.Microshare.SimulatedRecord Record)> RunWithFormatAsync(string format)
    {
        await using var harness = await ForwarderHarness.StartAsync(recordCount: 1);
        var endpoint = await harness.StartEndpointAsync();
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.ConnectionStringSettings(endpoint),
            new Dictionary<string, string> { ["EVENTHUB_EVENT_FORMAT"] = format });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        return (Assert.Single(endpoint.GetReceived("telemetry")), Assert.Single(harness.Simulator.Records));
    }
}
