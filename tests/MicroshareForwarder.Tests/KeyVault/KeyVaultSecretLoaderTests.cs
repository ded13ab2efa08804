using MicroshareForwarder.Configuration;
using MicroshareForwarder.KeyVault;
using MicroshareForwarder.Sandbox.KeyVault;
using MicroshareForwarder.Sandbox.Tls;
using MicroshareForwarder.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Tests.KeyVault;

/// <summary>
/// Secrets from a loopback HTTPS Key Vault fake that speaks the REST API's challenge, with a
/// recording credential in place of Azure AD. Nothing leaves 127.0.0.1.
/// </summary>
public sealed class KeyVaultSecretLoaderTests : IAsyncLifetime
{
    private const string Token = "kv-test-token-6f1c";

    private readonly SandboxCertificates _certificates = SandboxCertificates.Create();
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-keyvault-").FullName;
    private readonly RecordingTokenCredential _credential = new(Token);
    private string _caFile = string.Empty;

    public Task InitializeAsync()
    {
        _caFile = Path.Combine(_directory, "ca.pem");
        _certificates.WriteCertificateAuthorityPem(_caFile);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Apply_DefaultMapping_ReplacesPasswordAndApiKey()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "password-from-vault", ["microshare-api-key"] = "key-from-vault" });

        var configuration = await ApplyAsync(vault, new() { ["MICROSHARE_PASSWORD"] = "password-from-file", ["MICROSHARE_USERNAME"] = "user" });

        Assert.Equal("password-from-vault", configuration["MICROSHARE_PASSWORD"]);
        Assert.Equal("key-from-vault", configuration["MICROSHARE_API_KEY"]);
        Assert.Equal("user", configuration["MICROSHARE_USERNAME"]);
    }

    [Fact]
    public async Task Apply_Challenge_AsksCredentialForVaultScopeAndTenant()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "p", ["microshare-api-key"] = "k" });

        await ApplyAsync(vault, []);

        Assert.Matches("^GET /secrets/microshare-password/?\\?api-version=[0-9a-z.-]+ none$", vault.Requests[0]);
        Assert.All(vault.Requests.Skip(1), request => Assert.EndsWith(" bearer-ok", request, StringComparison.Ordinal));
        var tokenRequest = _credential.Requests[0];
        Assert.Equal(["https://vault.azure.net/.default"], tokenRequest.Scopes);
        Assert.Equal(KeyVaultFake.TenantId, tokenRequest.TenantId);
    }

    [Fact]
    public async Task Apply_ExplicitMapping_ReadsNamedSecrets()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["hub-connection"] = "Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=hub" });

        var configuration = await ApplyAsync(vault, new() { ["KEYVAULT_SECRETS"] = "EVENTHUB_CONNECTION_STRING=hub-connection" });

        Assert.Equal("Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=hub", configuration["EVENTHUB_CONNECTION_STRING"]);
        Assert.Null(configuration["MICROSHARE_PASSWORD"]);
    }

    [Fact]
    public async Task Apply_MissingSecret_ThrowsConfigurationNamingSecret()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "p" });

        var exception = await Assert.ThrowsAsync<ConfigurationException>(() => ApplyAsync(vault, []));

        Assert.Contains("has no secret 'microshare-api-key' for MICROSHARE_API_KEY", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Forbidden_ThrowsWith77AndRoleHint()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "p" }, forbidden: true);

        var exception = await Assert.ThrowsAsync<KeyVaultReadException>(() => ApplyAsync(vault, []));

        Assert.Equal(77, exception.ExitCode);
        Assert.Contains("'Key Vault Secrets User' role", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_UntrustedVaultCertificate_FailsWithoutSendingToken()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "p" });

        var exception = await Assert.ThrowsAsync<KeyVaultReadException>(() => ApplyAsync(vault, [], caFile: null));

        Assert.Equal(78, exception.ExitCode);
        Assert.Contains("set KEYVAULT_CA_FILE to that CA certificate", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_credential.Requests);
    }

    [Fact]
    public async Task Apply_ChallengeForOtherDomain_Exits78WithoutToken()
    {
        await using var vault = await StartVaultAsync(new Dictionary<string, string> { ["microshare-password"] = "p" });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KEYVAULT_URI"] = vault.VaultUri.ToString(),
            ["KEYVAULT_CA_FILE"] = _caFile,
        }).Build();

        var exception = await Assert.ThrowsAsync<KeyVaultReadException>(() => KeyVaultSecretLoader.ApplyAsync(configuration, _credential));

        Assert.Equal(78, exception.ExitCode);
        Assert.Contains("asked for a token for another domain", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_credential.Requests);
    }

    [Fact]
    public async Task Apply_NoVaultUri_ReturnsConfigurationUnchanged()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MICROSHARE_PASSWORD"] = "p" }).Build();

        var result = await KeyVaultSecretLoader.ApplyAsync(configuration, _credential);

        Assert.Same(configuration, result);
        Assert.Empty(_credential.Requests);
    }

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET=sp-secret", "names 'AZURE_CLIENT_SECRET', which cannot come from Key Vault")]
    [InlineData("MICROSHARE_PASSWORD=bad_name", "is not a Key Vault secret name")]
    public async Task Run_InvalidSecretMapping_Exits78(string mapping, string expected)
    {
        var envFile = Path.Combine(_directory, "forwarder.env");
        File.WriteAllText(envFile, $"KEYVAULT_URI=https://127.0.0.1:1/\nKEYVAULT_SECRETS={mapping}\n");
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PlainHttpVaultUri_Exits78()
    {
        var envFile = Path.Combine(_directory, "forwarder.env");
        File.WriteAllText(envFile, "KEYVAULT_URI=http://127.0.0.1:1/\n");
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("KEYVAULT_URI must be the vault's https:// URL", result.Error, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private Task<KeyVaultFake> StartVaultAsync(IReadOnlyDictionary<string, string> secrets, bool forbidden = false)
    {
        return KeyVaultFake.StartAsync(new KeyVaultFakeOptions
        {
            Secrets = secrets,
            TlsCertificate = _certificates.ServerCertificate,
            AcceptedToken = Token,
            Forbidden = forbidden,
        });
    }

    private Task<IConfiguration> ApplyAsync(KeyVaultFake vault, Dictionary<string, string?> settings, string? caFile = "default")
    {
        settings["KEYVAULT_URI"] = vault.VaultUri.ToString();
        if (caFile is not null)
        {
            settings["KEYVAULT_CA_FILE"] = _caFile;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        // The fake's challenge names vault.azure.net, which a 127.0.0.1 vault cannot match.
        return KeyVaultSecretLoader.ApplyAsync(configuration, _credential, verifyChallengeResource: false);
    }
}
