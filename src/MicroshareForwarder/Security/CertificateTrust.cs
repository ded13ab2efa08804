using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MicroshareForwarder.Security;

/// <summary>
/// Certificate validation with an optional private CA bundle. The system trust store is
/// always consulted first; the bundle only adds roots, for example the CA of a
/// TLS-inspecting proxy. Name mismatches are never accepted, and validation cannot be
/// switched off.
/// </summary>
internal sealed class CertificateTrust
{
    private readonly X509Certificate2Collection _extraRoots;

    private CertificateTrust(X509Certificate2Collection extraRoots)
    {
        _extraRoots = extraRoots;
    }

    /// <summary>Loads the PEM bundle at <paramref name="caFile"/>; null or empty means the system store alone.</summary>
    public static CertificateTrust FromPemFile(string? caFile)
    {
        var roots = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(caFile))
        {
            roots.ImportFromPemFile(caFile);
        }

        return new CertificateTrust(roots);
    }

    public bool HasExtraRoots => _extraRoots.Count > 0;

    /// <summary>Validates a server certificate; the signature matches <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _extraRoots.Count == 0)
        {
            return false;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);

        // A private CA publishes no revocation list that this host could reach.
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            customChain.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var serverCertificate = new X509Certificate2(certificate);
        return customChain.Build(serverCertificate);
    }
}
