using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// The forwarder's <c>run</c> with <c>EVENTHUB_TRANSPORT=websockets</c> against the endpoint's
/// wss listener. Azure.Messaging.EventHubs 5.12.2 validates a wss certificate with the default
/// trust store and never calls the callback that <c>EVENTHUB_CA_FILE</c> sets, so the successful
/// run is a child process whose <c>SSL_CERT_FILE</c> names the sandbox CA, which .NET on Linux
/// reads for its default trust store.
/// </summary>
public sealed class WebSocketTransportTests
{
    private const int RecordCount = 250;

    [Fact]
    public async Task WebSockets_SslCertFileInChild_SendsEveryRecordOnce()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync(useWebSockets: true);
        var emptyCertificateDirectory = Directory.CreateDirectory(Path.Combine(harness.Directory, "empty-cert-dir")).FullName;
        var settings = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.WebSocketSettings(endpoint),
            new Dictionary<string, string>
            {
                // The sandbox CA is the only trusted root of the child: an empty SSL_CERT_DIR
                // keeps the system certificate folder out.
                ["SSL_CERT_FILE"] = harness.CaFile,
                ["SSL_CERT_DIR"] = emptyCertificateDirectory,
            });

        var (exitCode, output) = await ForwarderProcess.RunAsync(settings);

        Assert.True(exitCode == 0, output);
        Assert.Equal(RecordCount, endpoint.GetReceivedCount("telemetry"));
        Assert.Equal(RecordCount, endpoint.GetDistinctIdCount("telemetry"));
        Assert.True(endpoint.WebSocketConnections >= 1, $"WebSocket connections: {endpoint.WebSocketConnections}\n{output}");
        Assert.NotEmpty(endpoint.CbsTokens);
    }

    [Fact]
    public async Task WebSockets_CaFile_IsRejectedAsIneffective()
    {
        await using var harness = await ForwarderHarness.StartAsync(10);
        var endpoint = await harness.StartEndpointAsync(useWebSockets: true);
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.WebSocketSettings(endpoint),
            new Dictionary<string, string> { ["EVENTHUB_CA_FILE"] = harness.CaFile });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("EVENTHUB_CA_FILE has no effect with EVENTHUB_TRANSPORT=websockets", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.WebSocketConnections);
    }
}
