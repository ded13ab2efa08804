namespace MicroshareForwarder.Sandbox.EventHubs;

/// <summary>
/// One <c>put-token</c> request received on the <c>$cbs</c> node. The token value is never stored.
/// </summary>
/// <param name="TokenType">
/// The token type: <c>servicebus.windows.net:sastoken</c> for a shared access signature, <c>jwt</c> for
/// a token from a <c>TokenCredential</c>.
/// </param>
/// <param name="Audience">The audience (the <c>name</c> property), for example <c>amqp://127.0.0.1/telemetry</c>.</param>
public sealed record CbsTokenRecord(string TokenType, string Audience);
