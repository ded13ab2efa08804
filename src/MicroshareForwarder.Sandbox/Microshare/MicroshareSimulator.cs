using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// A Microshare API simulator on 127.0.0.1 with a random free port. One host serves the OAuth2
/// token endpoint, the web login and the data API, so a client sets <see cref="BaseUrl"/> as each
/// of its three base URLs.
/// </summary>
public sealed class MicroshareSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly SimulatorState _state;

    private MicroshareSimulator(WebApplication app, SimulatorState state, Uri baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Root of every endpoint, such as <c>http://127.0.0.1:PORT/</c>, or https when a certificate is set.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Snapshot of the visible records, oldest first.</summary>
    public IReadOnlyList<SimulatedRecord> Records => _state.Records.Snapshot.Select(record => record.Public).ToList();

    /// <summary>Number of <c>POST /oauth2/token</c> requests received, including rejected and faulted ones.</summary>
    public int TokenRequests => _state.Requests.TokenRequests;

    /// <summary>Number of <c>GET /share/...</c> page requests received, Views excluded, rejected and faulted ones included.</summary>
    public int PageRequests => _state.Requests.PageRequests;

    /// <summary>Every bearer token issued so far, oldest first, so tests can check that none leaks.</summary>
    public IReadOnlyList<string> IssuedTokens => _state.Tokens.Issued;

    /// <summary>Paths of the requests received, oldest first, without query strings, <c>/_sandbox/</c> excluded.</summary>
    public IReadOnlyList<string> RequestPaths => _state.Requests.Paths;

    /// <summary>Source of the Event Hubs counts shown by <c>GET /_sandbox/stats</c>; null shows no hubs.</summary>
    public ISandboxStatsSource? StatsSource
    {
        get => _state.StatsSource;
        set => _state.StatsSource = value;
    }

    /// <summary>Validates the options, generates the records and starts listening.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every invalid option.</exception>
    public static async Task<MicroshareSimulator> StartAsync(
        MicroshareSimulatorOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        MicroshareSimulatorOptionsValidator.Validate(options);

        ILogger logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MicroshareSimulator>();
        var state = new SimulatorState(options, logger);

        // An empty builder reads no configuration and adds no logging provider, so neither
        // ASPNETCORE_URLS nor the request log (which prints query strings) can take effect.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (options.TlsCertificate is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = options.TlsCertificate,
                        SslProtocols = options.TlsProtocols ?? System.Security.Authentication.SslProtocols.None,
                    });
                }
            }));
        builder.Services.AddRouting();

        WebApplication app = builder.Build();
        MapEndpoints(app, state);

        await app.StartAsync(cancellationToken);

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var baseUrl = new Uri(address.TrimEnd('/') + "/");
        Log.SimulatorStarted(logger, baseUrl, options.RecordCount);

        return new MicroshareSimulator(app, state, baseUrl);
    }

    /// <summary>Appends <paramref name="count"/> records newer than all others, shifting older records to later pages of a newest-first walk.</summary>
    public void InsertRecords(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        _state.Records.Insert(count);
        Log.RecordsInserted(_state.Logger, count, _state.Records.Snapshot.Count);
    }

    /// <summary>
    /// Appends <paramref name="count"/> records as <see cref="InsertRecords(int)"/> does, each padded
    /// with a <c>padding</c> string member to at least <paramref name="minimumRecordBytes"/> bytes of JSON.
    /// </summary>
    public void InsertRecords(int count, int minimumRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRecordBytes);

        _state.Records.Insert(count, minimumRecordBytes);
        Log.RecordsInserted(_state.Logger, count, _state.Records.Snapshot.Count);
    }

    /// <summary>Queues a fault for the next request it matches.</summary>
    public void EnqueueFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);

        _state.Faults.Enqueue(fault);
    }

    /// <summary>Makes every token issued so far invalid, so the next data request gets 401.</summary>
    public void ExpireAllTokens()
    {
        _state.Tokens.ExpireAll();
        Log.TokensExpired(_state.Logger);
    }

    /// <summary>
    /// Sets the dashboard value of one location and hour: the occupancy count of hourly snapshots, or
    /// the number of people who entered for the people counter.
    /// </summary>
    /// <param name="location">The location's tags joined by <c>/</c>, such as <c>Building A/1st Floor/Room 1</c>.</param>
    /// <param name="hour">Start of the hour; must fall on a whole hour.</param>
    /// <param name="value">The new value.</param>
    public void SetDashboardValue(string location, DateTimeOffset hour, int value)
    {
        ArgumentNullException.ThrowIfNull(location);

        int index = -1;
        for (int i = 0; i < _state.Options.Locations.Count; i++)
        {
            if (SimulatedDevices.LocationKey(_state.Options.Locations[i]) == location)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException($"Location '{location}' is not configured; pass the location's tags joined by '/'.", nameof(location));
        }

        if (hour.Ticks % TimeSpan.TicksPerHour != 0 || hour.Offset.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"Hour {hour:O} does not fall on a whole hour.", nameof(hour));
        }

        _state.DashboardOverrides[(index, hour.ToUniversalTime())] = value;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Log.SimulatorStopped(_state.Logger, BaseUrl);
    }

    private static void MapEndpoints(WebApplication app, SimulatorState state)
    {
        var auth = new AuthEndpoints(state);
        var share = new ShareEndpoints(state, new DashboardView(state));
        var devices = new DeviceClusterEndpoint(state);
        var stats = new StatsEndpoint(state);

        app.Use(new FaultMiddleware(state).InvokeAsync);

        app.MapPost("/oauth2/token", auth.HandleTokenAsync);
        app.MapPost("/login", auth.HandleLoginAsync);
        app.MapGet("/share/{recType}", share.HandleAsync);
        app.MapGet("/device/{recType}/{clusterId}", devices.HandleAsync);
        app.MapGet("/_sandbox/stats", stats.HandleAsync);
        app.MapFallback(context => ResponseWriter.WriteTextAsync(context, StatusCodes.Status404NotFound, "Not found"));
    }
}
