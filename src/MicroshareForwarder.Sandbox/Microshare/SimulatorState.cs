using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>State shared by the simulator's endpoints.</summary>
internal sealed class SimulatorState(MicroshareSimulatorOptions options, ILogger logger)
{
    private ISandboxStatsSource? _statsSource = options.StatsSource;

    public MicroshareSimulatorOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public RecordStore Records { get; } = new(options);

    public TokenStore Tokens { get; } = new(options.TimeProvider, options.TokenLifetime);

    public FaultQueue Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>Dashboard values set by tests, keyed by location index and hour start.</summary>
    public ConcurrentDictionary<(int Location, DateTimeOffset Hour), int> DashboardOverrides { get; } = new();

    public ISandboxStatsSource? StatsSource
    {
        get => Volatile.Read(ref _statsSource);
        set => Volatile.Write(ref _statsSource, value);
    }

    /// <summary>Checks the request's <c>Authorization: Bearer</c> token.</summary>
    public bool IsAuthorized(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        const string prefix = "Bearer ";

        return header is not null
            && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && Tokens.IsValid(header[prefix.Length..].Trim());
    }

    public Task WriteUnauthorizedAsync(HttpContext context) =>
        ResponseWriter.WriteTextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");

    public static Task WriteNotFoundAsync(HttpContext context) =>
        ResponseWriter.WriteTextAsync(
            context,
            StatusCodes.Status404NotFound,
            "io.microshare.utils.NotFoundException: Record not found or inaccessible.");
}
