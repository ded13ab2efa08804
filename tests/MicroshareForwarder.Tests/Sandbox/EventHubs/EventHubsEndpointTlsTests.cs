using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Tls;

namespace MicroshareForwarder.Tests.Sandbox.EventHubs;

public sealed class EventHubsEndpointTlsTests : IDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly SandboxCertificates certificates = SandboxCertificates.Create();

    [Fact]
    public async Task Tls_TrustedCertificateAuthority_SendArrives()
    {
        await using EventHubsEndpoint endpoint = await StartTlsEndpointAsync();
        await using var producer = new EventHubProducerClient(
            endpoint.GetConnectionString("telemetry"),
            CreateClientOptions(endpoint, certificates));

        await producer.SendAsync([new EventData("over-tls"u8.ToArray())]);
        await endpoint.WaitForCountAsync("telemetry", 1, WaitTimeout);

        Assert.Equal("over-tls"u8.ToArray(), Assert.Single(endpoint.GetReceived("telemetry")).Body);
        Assert.DoesNotContain("UseDevelopmentEmulator", endpoint.GetConnectionString("telemetry"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_UntrustedCertificateAuthority_Rejected()
    {
        await using EventHubsEndpoint endpoint = await StartTlsEndpointAsync();
        using SandboxCertificates otherAuthority = SandboxCertificates.Create();
        await using var producer = new EventHubProducerClient(
            endpoint.GetConnectionString("telemetry"),
            CreateClientOptions(endpoint, otherAuthority));

        Exception? exception = await Record.ExceptionAsync(() => producer.SendAsync([new EventData("x"u8.ToArray())]));

        Assert.NotNull(exception);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(exception);
        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
        Assert.Empty(endpoint.CbsTokens);
    }

    [Fact]
    public async Task TokenCredential_CbsTokenType_IsJwt()
    {
        await using EventHubsEndpoint endpoint = await StartTlsEndpointAsync();
        TokenCredential credential = new FakeJwtCredential();
        await using var producer = new EventHubProducerClient("127.0.0.1", "telemetry", credential, CreateClientOptions(endpoint, certificates));

        await producer.SendAsync([new EventData("jwt"u8.ToArray())]);

        CbsTokenRecord token = Assert.Single(endpoint.CbsTokens);
        Assert.Equal("jwt", token.TokenType);
        Assert.Equal("amqps://127.0.0.1/telemetry", token.Audience);
    }

    [Fact]
    public void ValidateServerCertificate_OtherAuthority_ReturnsFalse()
    {
        using SandboxCertificates otherAuthority = SandboxCertificates.Create();

        bool trustedByOwn = certificates.ValidateServerCertificate(certificates.ServerCertificate, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors);
        bool trustedByOther = otherAuthority.ValidateServerCertificate(certificates.ServerCertificate, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors);
        bool trustedWithNameMismatch = certificates.ValidateServerCertificate(certificates.ServerCertificate, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch);

        Assert.True(trustedByOwn);
        Assert.False(trustedByOther);
        Assert.False(trustedWithNameMismatch);
    }

    [Fact]
    public void WriteCertificateAuthorityPem_WritesLoadableCertificate()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sandbox-ca-{Guid.NewGuid():N}.pem");
        try
        {
            certificates.WriteCertificateAuthorityPem(path);

            Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(path), StringComparison.Ordinal);

            using X509Certificate2 loaded = X509CertificateLoader.LoadCertificateFromFile(path);
            Assert.Equal(certificates.CertificateAuthority.Thumbprint, loaded.Thumbprint);
            Assert.False(loaded.HasPrivateKey);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        certificates.Dispose();
    }

    private Task<EventHubsEndpoint> StartTlsEndpointAsync()
    {
        return EventHubsEndpoint.StartAsync(new EventHubsEndpointOptions { UseTls = true, TlsCertificate = certificates.ServerCertificate });
    }

    private static EventHubProducerClientOptions CreateClientOptions(EventHubsEndpoint endpoint, SandboxCertificates trusted)
    {
        return new EventHubProducerClientOptions
        {
            RetryOptions = TestProducers.FastRetries(0),
            ConnectionOptions = new EventHubConnectionOptions
            {
                CustomEndpointAddress = endpoint.Address,
                CertificateValidationCallback = (_, certificate, _, errors) => trusted.ValidateServerCertificate(certificate, errors),
            },
        };
    }
}
