using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// Receives the deliveries of one producer link: applies the active fault and the size limit,
/// stores the events, then accepts or rejects the delivery.
/// </summary>
internal sealed class ProducerMessageProcessor : IMessageProcessor
{
    /// <summary>Link credit granted to each producer, so that many batches can be in flight.</summary>
    public const int LinkCredit = 1000;

    private readonly EndpointState state;
    private readonly HubEventStore store;
    private readonly string? partitionId;

    public ProducerMessageProcessor(EndpointState state, HubEventStore store, string? partitionId)
    {
        this.state = state;
        this.store = store;
        this.partitionId = partitionId;
    }

    public int Credit => LinkCredit;

    public void Process(MessageContext messageContext)
    {
        EventHubsFault fault = state.Faults.Current;
        if (fault == EventHubsFault.Unauthorized)
        {
            Reject(messageContext, AmqpConditions.UnauthorizedAccess, "The endpoint has the Unauthorized fault set, so it rejects every send.");
            return;
        }

        if (fault == EventHubsFault.ServerBusy)
        {
            Reject(messageContext, AmqpConditions.ServerBusy, "The endpoint has the ServerBusy fault set, so it rejects every send until the fault ends.");
            return;
        }

        Message message = messageContext.Message;

        string? sizeProblem;
        int eventCount;
        List<ReceivedEvent>? events = null;
        try
        {
            sizeProblem = FindSizeProblem(message);
            eventCount = EventDecoder.CountEvents(message);
            if (sizeProblem is null && state.Options.StoreBodies)
            {
                events = EventDecoder.Decode(message, store.Hub, partitionId, state.Options.TimeProvider.GetUtcNow());
            }
        }
        catch (AmqpException exception)
        {
            Reject(messageContext, AmqpConditions.DecodeError, "The endpoint could not decode the message: " + exception.Message);
            return;
        }

        if (sizeProblem is not null)
        {
            Reject(messageContext, AmqpConditions.MessageSizeExceeded, sizeProblem);
            return;
        }

        store.Append(eventCount, events);

        messageContext.Complete();
    }

    private string? FindSizeProblem(Message message)
    {
        long limit = state.Options.MaxMessageSizeBytes;

        if (EventDecoder.IsBatch(message))
        {
            long[] itemSizes = EventDecoder.GetBatchItemSizes(message);
            for (int i = 0; i < itemSizes.Length; i++)
            {
                if (itemSizes[i] > limit)
                {
                    return $"Batch item {i} is {itemSizes[i]} bytes, but the maximum message size is {limit} bytes.";
                }
            }

            // NOTE: the batch size is the sum of its items without the envelope sections, so a
            // batch within a few hundred bytes of the limit can pass.
            long total = itemSizes.Sum();
            if (total > limit)
            {
                return $"The batch is at least {total} bytes, but the maximum message size is {limit} bytes.";
            }

            return null;
        }

        long size = EventDecoder.GetEncodedSize(message);
        if (size > limit)
        {
            return $"The message is {size} bytes, but the maximum message size is {limit} bytes.";
        }

        return null;
    }

    private void Reject(MessageContext messageContext, Symbol condition, string description)
    {
        state.CountRejectedDelivery();
        Log.DeliveryRejected(state.Options.Logger, store.Hub, condition.ToString());

        messageContext.Complete(new Error(condition) { Description = description });
    }
}
