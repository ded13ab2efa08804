using System.Security.Cryptography.X509Certificates;

namespace MicroshareForwarder.Sandbox.KeyVault;

/// <summary>Settings of the loopback Key Vault fake.</summary>
public sealed class KeyVaultFakeOptions
{
    /// <summary>Secret values by secret name, served by <c>GET /secrets/{name}</c>.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>The server certificate with its private key. Key Vault clients require HTTPS, so it is mandatory.</summary>
    public required X509Certificate2 TlsCertificate { get; init; }

    /// <summary>The bearer token accepted after the challenge; any other token gets 401.</summary>
    public required string AcceptedToken { get; init; }

    /// <summary>True returns 403 to every authorized request, as for an identity without the "Key Vault Secrets User" role.</summary>
    public bool Forbidden { get; init; }
}
