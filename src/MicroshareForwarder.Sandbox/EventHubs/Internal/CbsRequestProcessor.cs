using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The <c>$cbs</c> node. It records the type and audience of each <c>put-token</c> request, never
/// the token, and returns status 202, or 401 while the Unauthorized fault is set.
/// </summary>
internal sealed class CbsRequestProcessor : IRequestProcessor
{
    private readonly EndpointState state;

    public CbsRequestProcessor(EndpointState state)
    {
        this.state = state;
    }

    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        ApplicationProperties? properties = requestContext.Message.ApplicationProperties;
        string? operation = properties?["operation"]?.ToString();
        string tokenType = properties?["type"]?.ToString() ?? string.Empty;
        string audience = properties?["name"]?.ToString() ?? string.Empty;

        if (operation != "put-token")
        {
            Log.RequestRejected(state.Options.Logger, "$cbs", 400);
            requestContext.Complete(ManagementResponses.Status(400, $"The operation '{operation}' is not supported. Only put-token is supported."));
            return;
        }

        state.RecordCbsToken(new CbsTokenRecord(tokenType, audience));

        if (state.Faults.Current == EventHubsFault.Unauthorized)
        {
            Log.TokenRejected(state.Options.Logger, tokenType);
            requestContext.Complete(ManagementResponses.Status(401, "Unauthorized: the endpoint has the Unauthorized fault set."));
            return;
        }

        requestContext.Complete(ManagementResponses.Status(202, "Accepted"));
    }
}
