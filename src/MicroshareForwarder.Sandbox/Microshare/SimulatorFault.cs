namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// A fault that the simulator applies to the next request it matches, then removes from its queue.
/// </summary>
/// <param name="Kind">What happens to the matched request.</param>
/// <param name="PathPrefix">Matches only request paths that start with this text, compared without case (for example <c>/share</c>). Null matches every path except <c>/_sandbox/</c>.</param>
/// <param name="Page">Matches only requests whose <c>page</c> query parameter (1 when absent) equals this number. Null matches any page.</param>
public sealed record SimulatorFault(FaultKind Kind, string? PathPrefix = null, int? Page = null)
{
    /// <summary>Value of the <c>Retry-After</c> header for <see cref="FaultKind.TooManyRequests429"/>. Default 1 second.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Records added by <see cref="FaultKind.InsertRecords"/>. Default 10.</summary>
    public int InsertCount { get; init; } = 10;

    /// <summary>Wait for <see cref="FaultKind.Delay"/>. Default 5 seconds.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);
}
