using System.Globalization;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Records each request, then applies the first queued fault that matches it. A status fault
/// returns its response at once, a delay waits and then lets the endpoint run, and a body fault is
/// left for <see cref="ResponseWriter"/>.
/// </summary>
internal sealed class FaultMiddleware(SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string path = context.Request.Path.Value ?? "/";
        string method = context.Request.Method;

        if (path.StartsWith("/_sandbox/", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        state.Requests.Add(method, path, context.Request.Query.ContainsKey("id"));

        int page = ShareEndpoints.ParsePage(context.Request.Query) ?? 0;
        SimulatorFault? fault = state.Faults.TryTake(path, page);
        if (fault is not null)
        {
            Log.FaultApplied(state.Logger, fault.Kind, method, path);

            if (await TryAnswerAsync(context, fault))
            {
                Log.RequestServed(state.Logger, method, path, context.Response.StatusCode);
                return;
            }
        }

        await next(context);
        Log.RequestServed(state.Logger, method, path, context.Response.StatusCode);
    }

    /// <summary>Writes the fault's response and returns true, or returns false when the endpoint must still run.</summary>
    private async Task<bool> TryAnswerAsync(HttpContext context, SimulatorFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Unauthorized401:
                await ResponseWriter.WriteTextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");
                return true;

            case FaultKind.TooManyRequests429:
                long seconds = (long)Math.Ceiling(fault.RetryAfter.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ResponseWriter.WriteTextAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests");
                return true;

            case FaultKind.ServerError500:
                await ResponseWriter.WriteTextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
                return true;

            case FaultKind.Unavailable503:
                await ResponseWriter.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
                return true;

            case FaultKind.GatewayTimeout504:
                await ResponseWriter.WriteTextAsync(context, StatusCodes.Status504GatewayTimeout, "Gateway Timeout");
                return true;

            case FaultKind.InsertRecords:
                state.Records.Insert(fault.InsertCount);
                Log.RecordsInserted(state.Logger, fault.InsertCount, state.Records.Snapshot.Count);
                return false;

            case FaultKind.Delay:
                await Task.Delay(fault.Delay, state.Options.TimeProvider, context.RequestAborted);
                return false;

            default:
                context.Items[ResponseWriter.BodyFaultKey] = fault;
                return false;
        }
    }
}
