using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Cli;

namespace MicroshareForwarder.Tests.Diagnostics;

/// <summary>The OTLP exporter against a loopback HTTP receiver that records what it is sent.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-otlp-").FullName;

    [Fact]
    public async Task Run_WithOtlpEndpoint_PostsRunMetrics()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 50 });
        using var receiver = new HttpListener();
        var port = ReserveLoopbackPort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = ReceiveOneAsync(receiver);

        var cli = new CliHarness(sandbox.CreateSettings(Path.Combine(_directory, "state")));
        cli.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        cli.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        var result = await cli.InvokeAsync(["run"]);

        Assert.Equal(0, result.ExitCode);
        var (path, contentType, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("/v1/metrics", path);
        Assert.Equal("application/x-protobuf", contentType);

        // Instrument names travel as UTF-8 strings inside the protobuf message.
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("microshare_forwarder.events.forwarded", text, StringComparison.Ordinal);
        Assert.Contains("microshare_forwarder.events.fetched", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private static int ReserveLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(string Path, string? ContentType, byte[] Body)> ReceiveOneAsync(HttpListener receiver)
    {
        var context = await receiver.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var request = (context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray());

        context.Response.StatusCode = 200;
        context.Response.Close();
        return request;
    }
}
