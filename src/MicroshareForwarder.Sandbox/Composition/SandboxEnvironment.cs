using System.Text;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Sandbox.Composition;

/// <summary>
/// A Microshare simulator and an Event Hubs endpoint on 127.0.0.1, started together, with
/// the forwarder settings that point at them.
/// </summary>
public sealed class SandboxEnvironment : IAsyncDisposable
{
    private SandboxEnvironment(MicroshareSimulator simulator, EventHubsEndpoint endpoint, SandboxEnvironmentOptions options)
    {
        Simulator = simulator;
        EventHubs = endpoint;
        Options = options;
    }

    public MicroshareSimulator Simulator { get; }

    public EventHubsEndpoint EventHubs { get; }

    public SandboxEnvironmentOptions Options { get; }

    public string HubName => Options.HubName;

    public static async Task<SandboxEnvironment> StartAsync(SandboxEnvironmentOptions options, CancellationToken cancellationToken = default)
    {
        var endpoint = await EventHubsEndpoint.StartAsync(
            new EventHubsEndpointOptions
            {
                Hubs = [options.HubName],
                MaxMessageSizeBytes = options.MaxMessageSizeBytes,
                Fault = options.EventHubsFault,
                StoreBodies = options.StoreBodies,
            },
            cancellationToken).ConfigureAwait(false);

        try
        {
            // All records fall within the last hour, which is inside the forwarder's default
            // overlap of 2 hours, so a second run re-reads every record and counts it as a duplicate.
            var interval = TimeSpan.FromMilliseconds(Math.Max(1, TimeSpan.FromHours(1).TotalMilliseconds / Math.Max(1, options.RecordCount)));
            var simulator = await MicroshareSimulator.StartAsync(
                new MicroshareSimulatorOptions
                {
                    RecordCount = options.RecordCount,
                    RecordInterval = interval,
                    Password = options.MicrosharePassword,
                    ApiKey = options.MicroshareApiKey,
                    TimeProvider = options.TimeProvider,
                    StatsSource = new EndpointStatsSource(endpoint, [options.HubName]),
                },
                cancellationToken).ConfigureAwait(false);
            return new SandboxEnvironment(simulator, endpoint, options);
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The forwarder settings that point at this sandbox, as <c>.env</c> keys and values.</summary>
    public IReadOnlyDictionary<string, string> CreateSettings(string stateDirectory)
    {
        var baseUrl = Simulator.BaseUrl.ToString();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "sandbox-user",
            ["MICROSHARE_PASSWORD"] = Options.MicrosharePassword,
            ["MICROSHARE_API_KEY"] = Options.MicroshareApiKey,
            ["MICROSHARE_AUTH_URL"] = baseUrl,
            ["MICROSHARE_API_URL"] = baseUrl,
            ["MICROSHARE_APP_URL"] = baseUrl,
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["EVENTHUB_CONNECTION_STRING"] = CreateConnectionString(),
            ["FORWARDER_STATE_DIR"] = stateDirectory,
        };
    }

    private string CreateConnectionString()
    {
        var connectionString = EventHubs.GetConnectionString(HubName);
        if (Options.EventHubsSharedAccessKey is not { } key)
        {
            return connectionString;
        }

        var parts = connectionString.Split(';').Select(part => part.StartsWith("SharedAccessKey=", StringComparison.Ordinal) ? "SharedAccessKey=" + key : part);
        return string.Join(';', parts);
    }

    /// <summary>Writes <see cref="CreateSettings"/> to a <c>.env</c> file with mode 0600 and returns its path.</summary>
    public string WriteEnvFile(string path, string stateDirectory)
    {
        var text = new StringBuilder();
        text.AppendLine("# Settings for microshare-forwarder against the loopback sandbox. Not for production.");
        foreach (var (key, value) in CreateSettings(stateDirectory))
        {
            text.Append(key).Append("=\"").Append(value).AppendLine("\"");
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text.ToString());
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync().ConfigureAwait(false);
        await EventHubs.DisposeAsync().ConfigureAwait(false);
    }
}
