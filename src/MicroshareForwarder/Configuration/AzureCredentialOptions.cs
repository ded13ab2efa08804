namespace MicroshareForwarder.Configuration;

/// <summary>Azure AD credential settings, named as <c>Azure.Identity</c>'s environment variables.</summary>
internal sealed class AzureCredentialOptions
{
    public string? TenantId { get; init; }

    /// <summary>The service principal's client id, or a user-assigned managed identity's client id.</summary>
    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public string? ClientCertificatePath { get; init; }

    public string? FederatedTokenFile { get; init; }

    /// <summary>The Azure AD authority, for sovereign clouds; null for the public cloud.</summary>
    public Uri? AuthorityHost { get; init; }

    /// <summary>
    /// A PEM file of extra CA certificates to trust for the token endpoints (the authority
    /// host and a managed identity endpoint); null trusts the system store alone.
    /// </summary>
    public string? CaFile { get; init; }
}
