using System.Diagnostics;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Sandbox.Tls;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// A Microshare simulator, TLS Event Hubs endpoints with a private CA, a state directory and
/// the settings that point the forwarder at them. Runs the forwarder in-process with an
/// explicit environment dictionary, never the test process's own environment.
/// </summary>
internal sealed class ForwarderHarness : IAsyncDisposable
{
    public const int PageSize = 100;

    private readonly List<IAsyncDisposable> _owned = [];

    private ForwarderHarness(MicroshareSimulator simulator, SandboxCertificates certificates, string directory)
    {
        Simulator = simulator;
        Certificates = certificates;
        Directory = directory;
        CaFile = Path.Combine(directory, "sandbox-ca.pem");
        StateDirectory = Path.Combine(directory, "state");
        certificates.WriteCertificateAuthorityPem(CaFile);
    }

    public MicroshareSimulator Simulator { get; }

    public SandboxCertificates Certificates { get; }

    /// <summary>A temporary directory for the CA file, key files and the state directory; deleted on dispose.</summary>
    public string Directory { get; }

    public string CaFile { get; }

    public string StateDirectory { get; }

    public static async Task<ForwarderHarness> StartAsync(int recordCount)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"forwarder-eventhubs-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var simulator = await MicroshareSimulator.StartAsync(new MicroshareSimulatorOptions
        {
            RecordCount = recordCount,
            RecordInterval = TimeSpan.FromSeconds(1),
        });
        return new ForwarderHarness(simulator, SandboxCertificates.Create(), directory);
    }

    /// <summary>Starts a TLS endpoint, with a wss listener when <paramref name="useWebSockets"/> is true, that the harness disposes.</summary>
    public async Task<EventHubsEndpoint> StartEndpointAsync(string hub = "telemetry", long maxMessageSizeBytes = 1_048_576, EventHubsFault fault = EventHubsFault.None, bool useWebSockets = false)
    {
        var endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions
        {
            Hubs = [hub],
            MaxMessageSizeBytes = maxMessageSizeBytes,
            UseTls = true,
            TlsCertificate = Certificates.ServerCertificate,
            Fault = fault,
            UseWebSockets = useWebSockets,
        });
        _owned.Add(endpoint);
        return endpoint;
    }

    /// <summary>The Microshare and state settings, without any Event Hubs setting.</summary>
    public Dictionary<string, string> CreateEnvironment()
    {
        var baseUrl = Simulator.BaseUrl.ToString();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "sandbox-user",
            ["MICROSHARE_PASSWORD"] = "sandbox-password",
            ["MICROSHARE_API_KEY"] = "sandbox-api-key",
            ["MICROSHARE_AUTH_URL"] = baseUrl,
            ["MICROSHARE_API_URL"] = baseUrl,
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["MICROSHARE_PAGE_SIZE"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FORWARDER_STATE_DIR"] = StateDirectory,
        };
    }

    /// <summary>Settings for a SAS connection string to <paramref name="hub"/> over TLS and plain AMQP.</summary>
    public Dictionary<string, string> ConnectionStringSettings(EventHubsEndpoint endpoint, string hub = "telemetry", string prefix = "")
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [prefix + "EVENTHUB_CONNECTION_STRING"] = endpoint.GetConnectionString(hub),
            [prefix + "EVENTHUB_CUSTOM_ENDPOINT_ADDRESS"] = endpoint.Address.ToString(),
            [prefix + "EVENTHUB_CA_FILE"] = CaFile,
            [prefix + "EVENTHUB_TRANSPORT"] = "amqp",
        };
    }

    /// <summary>
    /// Settings for a SAS connection string to <paramref name="hub"/> over AMQP over WebSockets with
    /// TLS. The custom endpoint is an https address because the forwarder accepts amqps, sb and
    /// https there, and the SDK takes only the host and port from it.
    /// </summary>
    public Dictionary<string, string> WebSocketSettings(EventHubsEndpoint endpoint, string hub = "telemetry")
    {
        var webSocketAddress = endpoint.WebSocketAddress
            ?? throw new InvalidOperationException("The endpoint was started without WebSockets.");

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EVENTHUB_CONNECTION_STRING"] = endpoint.GetConnectionString(hub),
            ["EVENTHUB_CUSTOM_ENDPOINT_ADDRESS"] = new UriBuilder("https", webSocketAddress.Host, webSocketAddress.Port).Uri.ToString(),
            ["EVENTHUB_TRANSPORT"] = "websockets",
        };
    }

    /// <summary>
    /// Settings for an Azure AD credential to <paramref name="hub"/>: the namespace is the endpoint's
    /// IP literal, and the transport is AMQP over TLS, because over WebSockets the SDK ignores the
    /// certificate callback that <c>EVENTHUB_CA_FILE</c> sets.
    /// </summary>
    public Dictionary<string, string> AzureAdSettings(EventHubsEndpoint endpoint, string auth, string hub = "telemetry")
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EVENTHUB_AUTH"] = auth,
            ["EVENTHUB_FULLY_QUALIFIED_NAMESPACE"] = endpoint.Host,
            ["EVENTHUB_NAME"] = hub,
            ["EVENTHUB_CUSTOM_ENDPOINT_ADDRESS"] = endpoint.Address.ToString(),
            ["EVENTHUB_CA_FILE"] = CaFile,
            ["EVENTHUB_TRANSPORT"] = "amqp",
        };
    }

    public static Dictionary<string, string> Merge(params IReadOnlyDictionary<string, string>[] parts)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>Runs <c>run --output json</c> in-process and returns the exit code, both outputs and the elapsed time.</summary>
    public static async Task<ForwarderRunResult> RunAsync(IReadOnlyDictionary<string, string> environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var stopwatch = Stopwatch.StartNew();

        var exitCode = await ForwarderCli.InvokeAsync(["run", "--output", "json"], new CliContext(output, error, environment));

        return new ForwarderRunResult(exitCode, output.ToString(), error.ToString(), stopwatch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        Certificates.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the directory is under /tmp.
        }
    }

    /// <summary>Registers something for disposal together with the harness.</summary>
    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
