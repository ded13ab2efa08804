namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>One record held by the simulator.</summary>
/// <param name="Id">The 24-hex-digit record id.</param>
/// <param name="Tstamp">The record's <c>tstamp</c>, to the millisecond.</param>
/// <param name="Json">The exact UTF-8 bytes served for this record in a <c>details=true</c> page.</param>
public sealed record SimulatedRecord(string Id, DateTimeOffset Tstamp, byte[] Json);
