using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Tests.Pipeline;

/// <summary>
/// A Microshare simulator and an Event Hubs endpoint on 127.0.0.1 with a temporary state
/// directory, and the settings that point the forwarder at them, with short retry delays.
/// </summary>
internal sealed class ForwarderRig : IAsyncDisposable
{
    public const string Hub = "telemetry";

    private ForwarderRig(MicroshareSimulator simulator, EventHubsEndpoint endpoint, string stateDirectory)
    {
        Simulator = simulator;
        EventHubs = endpoint;
        StateDirectory = stateDirectory;
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MICROSHARE_USERNAME"] = "sandbox-user",
            ["MICROSHARE_PASSWORD"] = "sandbox-password",
            ["MICROSHARE_API_KEY"] = "sandbox-api-key",
            ["MICROSHARE_AUTH_URL"] = simulator.BaseUrl.ToString(),
            ["MICROSHARE_API_URL"] = simulator.BaseUrl.ToString(),
            ["MICROSHARE_APP_URL"] = simulator.BaseUrl.ToString(),
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["MICROSHARE_RETRY_BASE_DELAY"] = "10ms",
            ["EVENTHUB_CONNECTION_STRING"] = endpoint.GetConnectionString(Hub),
            ["FORWARDER_STATE_DIR"] = stateDirectory,
        };
    }

    public MicroshareSimulator Simulator { get; }

    public EventHubsEndpoint EventHubs { get; }

    public string StateDirectory { get; }

    public Dictionary<string, string> Settings { get; }

    public IReadOnlyList<ReceivedEvent> Received => EventHubs.GetReceived(Hub);

    public static async Task<ForwarderRig> StartAsync(MicroshareSimulatorOptions simulatorOptions)
    {
        var endpoint = await EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { Hubs = [Hub], StoreBodies = true });
        try
        {
            var simulator = await MicroshareSimulator.StartAsync(simulatorOptions);
            var stateDirectory = Directory.CreateTempSubdirectory("forwarder-test-").FullName;
            return new ForwarderRig(simulator, endpoint, stateDirectory);
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>microshare-forwarder run</c> in-process and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] extraArguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, new Dictionary<string, string>(Settings, StringComparer.Ordinal));

        var exitCode = await ForwarderCli.InvokeAsync(["run", .. extraArguments], context);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs every feed in-process on <paramref name="timeProvider"/>'s clock and returns the report.</summary>
    public async Task<RunReport> RunWithClockAsync(TimeProvider timeProvider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();
        var options = ForwarderOptionsReader.Read(configuration);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(timeProvider);
        services.AddMicroshare(options);
        await using var provider = services.BuildServiceProvider();

        var run = new ForwarderRun(options, provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<ILoggerFactory>(), timeProvider);
        return await run.RunAsync(null);
    }

    /// <summary>Reads the feed's watermark from the store.</summary>
    public DateTimeOffset? ReadWatermark(string feed)
    {
        using var store = ForwarderStore.Open(StateDirectory, TimeProvider.System);
        return store.GetWatermark(feed);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await EventHubs.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
