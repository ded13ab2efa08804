using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The <c>$management</c> node. It serves the <c>READ</c> operation for the types
/// <c>com.microsoft:eventhub</c> and <c>com.microsoft:partition</c>, with every value in the exact
/// .NET type that the SDK casts it to.
/// </summary>
internal sealed class ManagementRequestProcessor : IRequestProcessor
{
    private readonly EndpointState state;

    public ManagementRequestProcessor(EndpointState state)
    {
        this.state = state;
    }

    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        ApplicationProperties? properties = requestContext.Message.ApplicationProperties;
        string? operation = properties?["operation"]?.ToString();
        string? type = properties?["type"]?.ToString();
        string hub = properties?["name"]?.ToString() ?? string.Empty;
        string? partitionId = properties?["partition"]?.ToString();

        if (operation != "READ")
        {
            Reply(requestContext, 400, $"The operation '{operation}' is not supported. Only READ is supported.");
            return;
        }

        EventHubsFault fault = state.Faults.Current;
        if (fault == EventHubsFault.Unauthorized)
        {
            Reply(requestContext, 401, "Unauthorized: the endpoint has the Unauthorized fault set.");
            return;
        }

        if (fault == EventHubsFault.UnknownHub || !state.TryGetStore(hub, out HubEventStore store))
        {
            Reply(requestContext, 404, $"The messaging entity '{hub}' could not be found.");
            return;
        }

        switch (type)
        {
            case "com.microsoft:eventhub":
                Reply(requestContext, 200, "OK", DescribeHub(store.Hub));
                break;

            case "com.microsoft:partition" when partitionId is not null && state.IsPartitionId(partitionId):
                Reply(requestContext, 200, "OK", DescribePartition(store.Hub, partitionId));
                break;

            case "com.microsoft:partition":
                Reply(requestContext, 404, $"Partition '{partitionId}' of '{store.Hub}' could not be found.");
                break;

            default:
                Reply(requestContext, 400, $"The type '{type}' is not supported.");
                break;
        }
    }

    private void Reply(RequestContext requestContext, int statusCode, string description, Map? body = null)
    {
        if (statusCode >= 400)
        {
            Log.RequestRejected(state.Options.Logger, "$management", statusCode);
        }

        requestContext.Complete(ManagementResponses.Status(statusCode, description, body));
    }

    private Map DescribeHub(string hub)
    {
        return new Map
        {
            ["name"] = hub,
            ["created_at"] = state.CreatedAt.UtcDateTime,
            ["partition_ids"] = state.PartitionIds,
        };
    }

    private Map DescribePartition(string hub, string partitionId)
    {
        // NOTE: the endpoint assigns no sequence numbers or offsets, so every partition reads as empty.
        return new Map
        {
            ["name"] = hub,
            ["partition"] = partitionId,
            ["begin_sequence_number"] = -1L,
            ["last_enqueued_sequence_number"] = -1L,
            ["last_enqueued_offset"] = "-1",
            ["last_enqueued_time_utc"] = state.CreatedAt.UtcDateTime,
            ["is_partition_empty"] = true,
        };
    }
}
