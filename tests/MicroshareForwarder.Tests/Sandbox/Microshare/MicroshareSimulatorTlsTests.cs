using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorTlsTests
{
    [Fact]
    public async Task Https_TrustedSelfSignedCert_ServesToken()
    {
        using X509Certificate2 certificate = CreateLoopbackCertificate();
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3, TlsCertificate = certificate });
        using HttpClient client = CreateTrustingClient(simulator, certificate, SslProtocols.None);

        string token = await SimulatorClient.GetTokenAsync(client);

        Assert.Equal("https", simulator.BaseUrl.Scheme);
        Assert.Equal("127.0.0.1", simulator.BaseUrl.Host);
        Assert.Equal(64, token.Length);
    }

    [Fact]
    public async Task Https_UntrustedClient_FailsHandshake()
    {
        using X509Certificate2 certificate = CreateLoopbackCertificate();
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 3, TlsCertificate = certificate });
        using var client = new HttpClient { BaseAddress = simulator.BaseUrl };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("_sandbox/stats"));
    }

    [Fact]
    public async Task Https_ProtocolMismatch_FailsHandshake()
    {
        using X509Certificate2 certificate = CreateLoopbackCertificate();
        var options = new MicroshareSimulatorOptions { RecordCount = 3, TlsCertificate = certificate, TlsProtocols = SslProtocols.Tls13 };
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(options);
        using HttpClient tls12 = CreateTrustingClient(simulator, certificate, SslProtocols.Tls12);
        using HttpClient tls13 = CreateTrustingClient(simulator, certificate, SslProtocols.Tls13);

        using HttpResponseMessage allowed = await tls13.GetAsync("_sandbox/stats");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => tls12.GetAsync("_sandbox/stats"));
    }

    [Fact]
    public async Task Http_PlainDefault_ListensOnLoopback()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 1 });

        Assert.Equal("http", simulator.BaseUrl.Scheme);
        Assert.Equal("127.0.0.1", simulator.BaseUrl.Host);
        Assert.NotEqual(0, simulator.BaseUrl.Port);
    }

    [Fact]
    public async Task Start_InvalidOptions_ListsEveryProblem()
    {
        var options = new MicroshareSimulatorOptions { RecordCount = -1, TokenLifetime = TimeSpan.Zero, LegacyRecordFraction = 2 };

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => MicroshareSimulator.StartAsync(options));

        Assert.Contains("RecordCount is -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("TokenLifetime is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("LegacyRecordFraction is 2", error.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    /// <summary>Creates a client that trusts only <paramref name="root"/>, checked through a custom-root chain build.</summary>
    private static HttpClient CreateTrustingClient(MicroshareSimulator simulator, X509Certificate2 root, SslProtocols protocols)
    {
        var handler = new HttpClientHandler
        {
            SslProtocols = protocols,
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

                return chain.Build(certificate);
            },
        };

        return new HttpClient(handler, disposeHandler: true) { BaseAddress = simulator.BaseUrl };
    }
}
