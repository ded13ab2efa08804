using MicroshareForwarder.Tests.Support;
using MicroshareForwarder.Sandbox.Identity;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// Managed identity end to end in a child process, because Azure.Identity reads
/// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> from the process environment, which an
/// in-process test must not change. The child's environment is built from scratch, and
/// <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c> points any IMDS probe at the loopback service,
/// so the test can assert that none happened and nothing reaches 169.254.169.254.
/// </summary>
public sealed class ManagedIdentityProcessTests
{
    private const int RecordCount = 30;

    [Fact]
    public async Task ManagedIdentity_ChildProcess_SendsJwtFromIdentityEndpoint()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        var settings = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "managed-identity"),
            new Dictionary<string, string>
            {
                ["IDENTITY_ENDPOINT"] = tokens.ManagedIdentityEndpoint.ToString(),
                ["IDENTITY_HEADER"] = FakeTokenService.IdentityHeaderValue,
                ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = tokens.PlainBaseUrl.ToString(),
            });

        var (exitCode, output) = await ForwarderProcess.RunAsync(settings);

        Assert.True(exitCode == 0, output);
        Assert.Equal(RecordCount, endpoint.GetDistinctIdCount("telemetry"));
        Assert.NotEmpty(endpoint.CbsTokens);
        Assert.All(endpoint.CbsTokens, token => Assert.Equal("jwt", token.TokenType));
        var request = Assert.Single(tokens.Requests, request => request.Path == FakeTokenService.ManagedIdentityPath);
        Assert.Equal("identity-header", request.Credential);
        Assert.Equal("https://eventhubs.azure.net", request.Scope);
        Assert.DoesNotContain(tokens.Requests, request => request.Path == FakeTokenService.ImdsTokenPath);
    }
}
