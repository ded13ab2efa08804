using System.Text.RegularExpressions;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.Identity;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Sandbox.Tls;
using MicroshareForwarder.Tests.EventHubs;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Cli;

/// <summary><c>check</c> against the loopback sandbox: every line passes, and each broken setting fails its own line with the fix.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_Sandbox_PassesEveryLine()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });

        var result = await fixture.CheckAsync();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = Lines(result);
        Assert.All(lines, line => Assert.True(line.StartsWith("PASS", StringComparison.Ordinal) || line.StartsWith("SKIP azure ad token", StringComparison.Ordinal), line));
        Assert.Contains(lines, line => line.StartsWith("PASS configuration", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("PASS state directory", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("(MICROSHARE_AUTH_URL, MICROSHARE_API_URL): connected, plain http (loopback only)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("(EVENTHUB_CONNECTION_STRING): connected, plain AMQP (loopback only)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("PASS microshare sign-in", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("PASS event hub 'telemetry'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_Sandbox_SendsNothingAndCachesNoToken()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });

        var result = await fixture.CheckAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, fixture.Sandbox.EventHubs.GetReceivedCount(fixture.Sandbox.HubName));
        Assert.Equal(0, fixture.Sandbox.Simulator.PageRequests);
        Assert.False(File.Exists(Path.Combine(fixture.StateDirectory, "token_cache.json")));
        Assert.False(File.Exists(Path.Combine(fixture.StateDirectory, "forwarder.db")));
    }

    [Fact]
    public async Task Check_WrongPassword_FailsSignInLineWithFix()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });

        var result = await fixture.CheckAsync(new Dictionary<string, string> { ["MICROSHARE_PASSWORD"] = "not-the-password" });

        Assert.Equal(77, result.ExitCode);
        var failures = Lines(result).Where(line => line.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
        var failure = Assert.Single(failures);
        Assert.StartsWith("FAIL microshare sign-in", failure, StringComparison.Ordinal);
        Assert.Contains("check MICROSHARE_USERNAME, MICROSHARE_PASSWORD", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownHub_FailsHubLineNamingHub()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });
        var connectionString = fixture.Sandbox.EventHubs.GetConnectionString(fixture.Sandbox.HubName)
            .Replace("EntityPath=telemetry", "EntityPath=no-such-hub", StringComparison.Ordinal);

        var result = await fixture.CheckAsync(new Dictionary<string, string> { ["EVENTHUB_CONNECTION_STRING"] = connectionString });

        Assert.Equal(78, result.ExitCode);
        var failure = Assert.Single(Lines(result), line => line.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("FAIL event hub 'no-such-hub'", failure, StringComparison.Ordinal);
        Assert.Contains("Event Hub 'no-such-hub' in namespace '127.0.0.1' does not exist: check EVENTHUB_NAME", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UntrustedCertificate_FailsTlsLineWithFix()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });
        using var certificates = SandboxCertificates.Create();
        await using var tlsSimulator = await MicroshareSimulator.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TlsCertificate = certificates.ServerCertificate });

        var result = await fixture.CheckAsync(PointMicroshareAt(tlsSimulator));

        Assert.Equal(78, result.ExitCode);
        var reach = Assert.Single(Lines(result), line => line.Contains("(MICROSHARE_AUTH_URL, MICROSHARE_API_URL)", StringComparison.Ordinal));
        Assert.StartsWith($"FAIL reach 127.0.0.1:{tlsSimulator.BaseUrl.Port}", reach, StringComparison.Ordinal);
        Assert.Contains("is not trusted", reach, StringComparison.Ordinal);
        Assert.Contains("set MICROSHARE_CA_FILE to that CA certificate in PEM form", reach, StringComparison.Ordinal);
        Assert.Contains(Lines(result), line => line.StartsWith("SKIP microshare sign-in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_TrustedPrivateCa_ReportsTlsVersion()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });
        using var certificates = SandboxCertificates.Create();
        await using var tlsSimulator = await MicroshareSimulator.StartAsync(new MicroshareSimulatorOptions { RecordCount = 10, TlsCertificate = certificates.ServerCertificate });
        var caFile = Path.Combine(fixture.WorkDirectory, "ca.pem");
        certificates.WriteCertificateAuthorityPem(caFile);
        var settings = PointMicroshareAt(tlsSimulator);
        settings["MICROSHARE_CA_FILE"] = caFile;

        var result = await fixture.CheckAsync(settings);

        Assert.True(result.ExitCode == 0, result.Output);
        var reach = Assert.Single(Lines(result), line => line.Contains("(MICROSHARE_AUTH_URL, MICROSHARE_API_URL)", StringComparison.Ordinal));
        Assert.Matches(@"^PASS reach .*: connected, TLS 1\.[23], certificate trusted$", reach);
    }

    [Fact]
    public async Task Check_ClientSecretOverTls_PassesTokenAndHubLines()
    {
        await using var harness = await ForwarderHarness.StartAsync(10);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        var environment = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "client-secret"),
            new Dictionary<string, string>
            {
                ["AZURE_TENANT_ID"] = "00000000-0000-0000-0000-00000000aaaa",
                ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-00000000bbbb",
                ["AZURE_CLIENT_SECRET"] = "sandbox-client-secret",
                ["AZURE_AUTHORITY_HOST"] = tokens.AuthorityHost.ToString(),
                ["AZURE_CA_FILE"] = harness.CaFile,
            });

        var result = await ForwarderRunner.InvokeAsync(["check"], environment);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = Lines(result);
        Assert.Contains(lines, line => line.StartsWith("PASS azure ad token: token for Event Hubs obtained with ClientSecret", StringComparison.Ordinal));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^PASS reach 127\.0\.0\.1:\d+ \(EVENTHUB_CUSTOM_ENDPOINT_ADDRESS\): connected, TLS 1\.[23], certificate trusted$"));
        Assert.Contains(lines, line => line.StartsWith("PASS event hub 'telemetry': properties read", StringComparison.Ordinal));
        Assert.Equal(0, endpoint.GetReceivedCount("telemetry"));
    }

    [Fact]
    public async Task Check_BadSetting_FailsConfigurationLineOnly()
    {
        await using var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions { RecordCount = 10 });

        var result = await fixture.CheckAsync(new Dictionary<string, string> { ["MICROSHARE_PAGE_SIZE"] = "zero" });

        Assert.Equal(78, result.ExitCode);
        var line = Assert.Single(Lines(result));
        Assert.StartsWith("FAIL configuration: MICROSHARE_PAGE_SIZE must be a whole number", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> PointMicroshareAt(MicroshareSimulator simulator)
    {
        return new Dictionary<string, string>
        {
            ["MICROSHARE_AUTH_URL"] = simulator.BaseUrl.ToString(),
            ["MICROSHARE_API_URL"] = simulator.BaseUrl.ToString(),
            ["MICROSHARE_APP_URL"] = simulator.BaseUrl.ToString(),
        };
    }

    private static List<string> Lines(ForwarderResult result)
    {
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
