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
            requestContext.Complete(ManagementResponses.Status(400, $"The operation '{operation}' is not supported; only READ is."));
            return;
        }

        EventHubsFault fault = state.Faults.Current;
        if (fault == EventHubsFault.Unauthorized)
        {
            requestContext.Complete(ManagementResponses.Status(401, "Unauthorized: the endpoint has the Unauthorized fault set."));
            return;
        }

        if (fault == EventHubsFault.UnknownHub || !state.TryGetStore(hub, out HubEventStore store))
        {
            requestContext.Complete(ManagementResponses.Status(404, $"The messaging entity '{hub}' could not be found."));
            return;
        }

        switch (type)
        {
            case "com.microsoft:eventhub":
                requestContext.Complete(ManagementResponses.Status(200, "OK", DescribeHub(store.Hub)));
                break;

            case "com.microsoft:partition" when partitionId is not null && state.IsPartitionId(partitionId):
                requestContext.Complete(ManagementResponses.Status(200, "OK", DescribePartition(store.Hub, partitionId)));
                break;

            case "com.microsoft:partition":
                requestContext.Complete(ManagementResponses.Status(404, $"Partition '{partitionId}' of '{store.Hub}' could not be found."));
                break;

            default:
                requestContext.Complete(ManagementResponses.Status(400, $"The type '{type}' is not supported."));
                break;
        }
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
