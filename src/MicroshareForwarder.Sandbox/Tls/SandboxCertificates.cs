using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MicroshareForwarder.Sandbox.Tls;

/// <summary>
/// A private certificate authority and a server certificate for <c>127.0.0.1</c>, <c>::1</c> and
/// <c>localhost</c> signed by it, generated in memory with ECDSA P-256 keys. Clients trust the CA
/// explicitly, through <see cref="ValidateServerCertificate"/> or the PEM file from
/// <see cref="WriteCertificateAuthorityPem"/>, and never by accepting any certificate.
/// </summary>
public sealed class SandboxCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private SandboxCertificates(X509Certificate2 certificateAuthority, X509Certificate2 serverCertificate)
    {
        CertificateAuthority = certificateAuthority;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The CA certificate, without its private key, which is discarded after signing.</summary>
    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>The server certificate with its private key, for the TLS listener.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>
    /// Generates a new CA and a server certificate signed by it.
    /// </summary>
    /// <param name="validity">How long both certificates stay valid from now. Default: 1 day.</param>
    /// <param name="timeProvider">The clock for the validity period. Default: <see cref="TimeProvider.System"/>.</param>
    public static SandboxCertificates Create(TimeSpan? validity = null, TimeProvider? timeProvider = null)
    {
        TimeSpan lifetime = validity ?? TimeSpan.FromDays(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(validity));

        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();

        // Starting a few minutes early keeps the certificates valid on a clock that runs slightly behind.
        DateTimeOffset notBefore = now - TimeSpan.FromMinutes(5);
        DateTimeOffset notAfter = now + lifetime;

        using ECDsa authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Microshare Forwarder Sandbox CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using X509Certificate2 authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));

        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddIpAddress(IPAddress.Loopback);
        alternativeNames.AddIpAddress(IPAddress.IPv6Loopback);
        alternativeNames.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(alternativeNames.Build());

        byte[] serialNumber = RandomNumberGenerator.GetBytes(16);
        serialNumber[0] &= 0x7F;
        using X509Certificate2 serverPublic = serverRequest.Create(authorityWithKey, notBefore, notAfter, serialNumber);
        using X509Certificate2 serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
        X509Certificate2 authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);

        return new SandboxCertificates(authority, server);
    }

    /// <summary>
    /// Writes the CA certificate as PEM to <paramref name="path"/>, replacing the file, for clients
    /// that take a private CA bundle.
    /// </summary>
    public void WriteCertificateAuthorityPem(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        File.WriteAllText(path, CertificateAuthority.ExportCertificatePem() + "\n");
    }

    /// <summary>
    /// Returns whether a TLS server certificate chains to this CA and matches the host name. It
    /// fits <see cref="RemoteCertificateValidationCallback"/> and the SDK's
    /// <c>EventHubConnectionOptions.CertificateValidationCallback</c>.
    /// </summary>
    public bool ValidateServerCertificate(X509Certificate? certificate, SslPolicyErrors sslPolicyErrors)
    {
        if (certificate is null)
        {
            return false;
        }

        // Chain errors are expected, because the CA is in no system store. A name mismatch or a
        // missing certificate is a real failure.
        if ((sslPolicyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);

        using X509Certificate2 serverCertificate = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(serverCertificate);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        CertificateAuthority.Dispose();
        ServerCertificate.Dispose();
    }
}
