using System.Text.Json.Serialization;

namespace MicroshareForwarder.State;

/// <summary>Source-generated JSON metadata for the values the store passes to SQLite as JSON.</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
[JsonSerializable(typeof(IReadOnlyCollection<long>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
