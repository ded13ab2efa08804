namespace MicroshareForwarder.EventHubs;

/// <summary>
/// One Event Hub that events are delivered to. <see cref="Key"/> (<c>namespace/hub</c>)
/// names the destination in the store, so delivery is tracked per destination.
/// </summary>
internal sealed record EventHubDestination(string FullyQualifiedNamespace, string HubName)
{
    public string Key => $"{FullyQualifiedNamespace}/{HubName}";
}
