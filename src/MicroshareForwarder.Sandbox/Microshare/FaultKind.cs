namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>What the simulator does to a request that a <see cref="SimulatorFault"/> matches.</summary>
public enum FaultKind
{
    /// <summary>Returns 401 without running the endpoint.</summary>
    Unauthorized401,

    /// <summary>Returns 429 with a <c>Retry-After</c> header of <see cref="SimulatorFault.RetryAfter"/>, rounded up to whole seconds.</summary>
    TooManyRequests429,

    /// <summary>Returns 500.</summary>
    ServerError500,

    /// <summary>Returns 503.</summary>
    Unavailable503,

    /// <summary>Returns 504, as the API does when a listing runs too long.</summary>
    GatewayTimeout504,

    /// <summary>Waits <see cref="SimulatorFault.Delay"/> on the simulator's clock, then serves the request normally.</summary>
    Delay,

    /// <summary>Announces the full <c>Content-Length</c>, sends half of the body, then aborts the connection.</summary>
    TruncatedBody,

    /// <summary>Sends a complete 200 response whose body is only the first half of the JSON document.</summary>
    MalformedJson,

    /// <summary>
    /// Inserts <see cref="SimulatorFault.InsertCount"/> records newer than all others, then serves the
    /// request normally, so a newest-first walk sees older records shift to later pages.
    /// </summary>
    InsertRecords,
}
