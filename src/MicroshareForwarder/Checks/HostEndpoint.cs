namespace MicroshareForwarder.Checks;

/// <summary>
/// A host and port the forwarder connects to for <paramref name="Service"/> (Microshare or
/// Event Hubs), with the settings that name it and the setting of the CA bundle that applies to it.
/// </summary>
internal sealed record HostEndpoint(string Service, string Host, int Port, bool UseTls, string PlainProtocol, IReadOnlyList<string> Settings, string CaFileSetting, string? CaFile)
{
    public string Authority => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
