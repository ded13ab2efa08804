namespace MicroshareForwarder.Configuration;

/// <summary>How an event carries its CloudEvents attributes on the wire.</summary>
internal enum EventFormat
{
    /// <summary>
    /// CloudEvents AMQP binding, binary content mode: the body is the record's JSON and the
    /// attributes travel as <c>cloudEvents:*</c> application properties.
    /// </summary>
    Binary,

    /// <summary>
    /// CloudEvents structured content mode: the body is a JSON envelope with content type
    /// <c>application/cloudevents+json</c> whose <c>data</c> member is the record's JSON.
    /// </summary>
    Structured,

    /// <summary>The record's JSON alone, with no properties and no content type.</summary>
    Raw,
}
