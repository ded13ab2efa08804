using Amqp;
using Amqp.Sasl;
using Amqp.Types;

namespace MicroshareForwarder.Sandbox.EventHubs.Internal;

/// <summary>
/// The SASL mechanism <c>MSSBCBS</c>, the only one the Event Hubs SDK offers. It accepts every
/// client, because the client authorizes later by sending a token to the <c>$cbs</c> node.
/// AMQPNetLite 2.5.5 has no built-in profile for it. The same profile works on the client side.
/// </summary>
internal sealed class CbsSaslProfile : SaslProfile
{
    public static readonly Symbol MechanismName = new("MSSBCBS");

    public CbsSaslProfile()
        : base(MechanismName)
    {
    }

    protected override ITransport UpgradeTransport(ITransport transport)
    {
        return transport;
    }

    protected override DescribedList GetStartCommand(string hostname)
    {
        return new SaslInit { Mechanism = MechanismName, HostName = hostname };
    }

    protected override DescribedList? OnCommand(DescribedList command)
    {
        return command is SaslInit ? new SaslOutcome { Code = SaslCode.Ok } : null;
    }
}
