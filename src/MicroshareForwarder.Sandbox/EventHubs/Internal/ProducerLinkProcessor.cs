using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// Attaches producer links to <c>/HUB</c> or <c>/HUB/Partitions/N</c>, rejecting unknown hubs and
/// partitions with <c>amqp:not-found</c>, and sets <c>max-message-size</c> in the attach reply.
/// </summary>
internal sealed class ProducerLinkProcessor : ILinkProcessor
{
    private readonly EndpointState state;

    public ProducerLinkProcessor(EndpointState state)
    {
        this.state = state;
    }

    public void Process(AttachContext attachContext)
    {
        Attach attach = attachContext.Attach;

        // The attach comes from the peer, so Role true means the peer is a receiver, which is a consumer.
        if (attach.Role)
        {
            RejectAttach(attachContext, AmqpConditions.NotImplemented, "This endpoint has no consumer side. It accepts producer links only.");
            return;
        }

        string? address = (attach.Target as Target)?.Address;
        if (!EntityAddress.TryParse(address, out EntityAddress entity))
        {
            RejectAttach(attachContext, AmqpConditions.NotFound, $"The address '{address}' is not a hub or a hub partition.");
            return;
        }

        if (state.Faults.Current == EventHubsFault.UnknownHub)
        {
            RejectAttach(attachContext, AmqpConditions.NotFound, $"The messaging entity '{entity.Hub}' could not be found (the UnknownHub fault is set).");
            return;
        }

        if (!state.TryGetStore(entity.Hub, out HubEventStore store))
        {
            RejectAttach(attachContext, AmqpConditions.NotFound, $"The messaging entity '{entity.Hub}' could not be found.");
            return;
        }

        if (entity.PartitionId is { } partitionId && !state.IsPartitionId(partitionId))
        {
            RejectAttach(attachContext, AmqpConditions.NotFound, $"Partition '{partitionId}' of '{entity.Hub}' could not be found. The hub has {state.PartitionIds.Length} partitions.");
            return;
        }

        // The SDK reads an absent max-message-size as unlimited, and CreateBatchAsync then fails.
        attach.MaxMessageSize = (ulong)state.Options.MaxMessageSizeBytes;

        var processor = new ProducerMessageProcessor(state, store, entity.PartitionId);
        attachContext.Complete(new TargetLinkEndpoint(processor, attachContext.Link), processor.Credit);
    }

    private void RejectAttach(AttachContext attachContext, Symbol condition, string description)
    {
        Log.LinkRejected(state.Options.Logger, condition.ToString());

        attachContext.Complete(new Error(condition) { Description = description });
    }
}
