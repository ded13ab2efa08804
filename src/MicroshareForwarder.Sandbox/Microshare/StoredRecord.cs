namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>A record with the pieces each endpoint serves, serialized once at generation.</summary>
/// <param name="Public">The record as tests see it, with its <c>details=true</c> bytes.</param>
/// <param name="SummaryJson">The bytes served for a <c>details=false</c> page.</param>
/// <param name="DataJson">The bytes of the record's <c>data</c> object, reused by View results.</param>
/// <param name="Tags">The record's <c>tags</c>.</param>
internal sealed record StoredRecord(SimulatedRecord Public, byte[] SummaryJson, byte[] DataJson, IReadOnlyList<string> Tags);
