using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Identity;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// Each EVENTHUB_AUTH mode, end to end: Azure.Identity fetches a token from the loopback token
/// service over TLS, the SDK hands it to the TLS endpoint through <c>$cbs</c>, and the records arrive.
/// </summary>
public sealed class EventHubCredentialTests
{
    private const int RecordCount = 50;
    private const string TenantId = "00000000-0000-0000-0000-00000000aaaa";
    private const string ClientId = "00000000-0000-0000-0000-00000000bbbb";
    private const string EventHubsScope = "https://eventhubs.azure.net/.default";

    [Fact]
    public async Task ConnectionString_Run_SendsSasTokenAndWarns()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();

        var result = await ForwarderHarness.RunAsync(ForwarderHarness.Merge(harness.CreateEnvironment(), harness.ConnectionStringSettings(endpoint)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(RecordCount, endpoint.GetDistinctIdCount("telemetry"));
        Assert.NotEmpty(endpoint.CbsTokens);
        Assert.All(endpoint.CbsTokens, token => Assert.Equal("servicebus.windows.net:sastoken", token.TokenType));
        Assert.Contains("bypasses Azure AD role-based access control", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSecret_Run_SendsJwtFromAuthority()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "client-secret"),
            ServicePrincipalSettings(tokens),
            new Dictionary<string, string> { ["AZURE_CLIENT_SECRET"] = "sandbox-client-secret" });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertJwtDelivered(endpoint);
        var request = Assert.Single(tokens.Requests, request => request.GrantType is not null);
        Assert.Equal($"/{TenantId}/oauth2/v2.0/token", request.Path);
        Assert.Equal("client_credentials", request.GrantType);
        Assert.Equal(ClientId, request.ClientId);
        Assert.Equal("secret", request.Credential);
        Assert.Equal(EventHubsScope, request.Scope);
        Assert.DoesNotContain("sandbox-client-secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCertificate_Run_SendsJwtFromAssertion()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        var certificatePath = WriteClientCertificate(harness.Directory);
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "client-certificate"),
            ServicePrincipalSettings(tokens),
            new Dictionary<string, string> { ["AZURE_CLIENT_CERTIFICATE_PATH"] = certificatePath });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertJwtDelivered(endpoint);
        var request = Assert.Single(tokens.Requests, request => request.GrantType is not null);
        Assert.Equal("assertion", request.Credential);
        Assert.Equal(ClientId, request.ClientId);
        Assert.Equal(EventHubsScope, request.Scope);
    }

    [Fact]
    public async Task WorkloadIdentity_Run_SendsFederatedToken()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        const string FederatedToken = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpmb3J3YXJkZXIifQ.";
        var tokenFile = Path.Combine(harness.Directory, "federated-token");
        await File.WriteAllTextAsync(tokenFile, FederatedToken);
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "workload-identity"),
            ServicePrincipalSettings(tokens),
            new Dictionary<string, string> { ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertJwtDelivered(endpoint);
        var request = Assert.Single(tokens.Requests, request => request.GrantType is not null);
        Assert.Equal("assertion", request.Credential);
        Assert.Equal(FederatedToken, request.Assertion);
        Assert.Equal(EventHubsScope, request.Scope);
    }

    [Fact]
    public async Task ClientSecret_UntrustedAuthority_FailsWithoutToken()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        using var otherAuthority = MicroshareForwarder.Sandbox.Tls.SandboxCertificates.Create();
        var tokens = harness.Own(await FakeTokenService.StartAsync(otherAuthority.ServerCertificate));
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "client-secret"),
            ServicePrincipalSettings(tokens),
            new Dictionary<string, string> { ["AZURE_CLIENT_SECRET"] = "sandbox-client-secret", ["EVENTHUB_MAX_RETRIES"] = "0" });

        var result = await ForwarderHarness.RunAsync(environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(tokens.Requests, request => request.GrantType is not null);
        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
    }

    private static Dictionary<string, string> ServicePrincipalSettings(FakeTokenService tokens)
    {
        return new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = TenantId,
            ["AZURE_CLIENT_ID"] = ClientId,
            ["AZURE_AUTHORITY_HOST"] = tokens.AuthorityHost.ToString(),
        };
    }

    private static void AssertJwtDelivered(EventHubsEndpoint endpoint)
    {
        Assert.Equal(RecordCount, endpoint.GetDistinctIdCount("telemetry"));
        Assert.NotEmpty(endpoint.CbsTokens);
        Assert.All(endpoint.CbsTokens, token => Assert.Equal("jwt", token.TokenType));
    }

    private static string WriteClientCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=forwarder-test-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(directory, "client.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }
}
