namespace MicroshareForwarder.EventHubs;

/// <summary>
/// Application property names of the CloudEvents AMQP protocol binding (CloudEvents 1.0,
/// binary content mode), which puts each attribute in a property named
/// <c>cloudEvents:&lt;attribute&gt;</c>.
/// </summary>
internal static class CloudEventProperties
{
    public const string Id = "cloudEvents:id";
    public const string Source = "cloudEvents:source";
    public const string Type = "cloudEvents:type";
    public const string Time = "cloudEvents:time";
    public const string SpecVersion = "cloudEvents:specversion";
    public const string Subject = "cloudEvents:subject";

    /// <summary>The revision number of a dashboard period forwarded again after its content changed; not a CloudEvents attribute.</summary>
    public const string Revision = "revision";
    public const string SpecVersionValue = "1.0";
    public const string JsonContentType = "application/json";
}
