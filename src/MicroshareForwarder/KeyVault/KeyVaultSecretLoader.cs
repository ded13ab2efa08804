using System.Net;
using System.Security.Authentication;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Security;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.KeyVault;

/// <summary>
/// Replaces settings with secrets from Azure Key Vault when <c>KEYVAULT_URI</c> is set. The
/// vault is read with the same Azure AD credential that Event Hubs uses (the <c>AZURE_*</c>
/// settings, or the managed identity), before the settings are validated.
/// </summary>
internal static class KeyVaultSecretLoader
{
    /// <summary>
    /// Returns <paramref name="configuration"/> with the mapped settings replaced by their
    /// secrets, or unchanged when <c>KEYVAULT_URI</c> is not set.
    /// </summary>
    /// <param name="credential">The credential for the vault; null builds it from the settings.</param>
    /// <param name="verifyChallengeResource">
    /// False skips the client's check that the challenge's resource domain matches the vault
    /// host, which only a loopback vault needs.
    /// </param>
    /// <exception cref="ConfigurationException">The Key Vault settings are invalid or a secret does not exist.</exception>
    /// <exception cref="KeyVaultReadException">The vault refused the credential or could not be reached.</exception>
    public static async Task<IConfiguration> ApplyAsync(IConfiguration configuration, TokenCredential? credential = null, bool verifyChallengeResource = true, CancellationToken cancellationToken = default)
    {
        var uriText = configuration[SettingNames.KeyVaultUri];
        if (string.IsNullOrWhiteSpace(uriText))
        {
            return configuration;
        }

        var errors = new List<string>();
        var vaultUri = ReadVaultUri(uriText.Trim(), errors);
        var mapping = KeyVaultSecretMapping.Parse(configuration[SettingNames.KeyVaultSecrets], errors);
        var caFile = configuration[SettingNames.KeyVaultCaFile];
        if (!string.IsNullOrWhiteSpace(caFile) && !File.Exists(caFile))
        {
            errors.Add($"{SettingNames.KeyVaultCaFile} names a file that does not exist: '{caFile}'.");
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        var client = new SecretClient(vaultUri!, credential ?? CreateCredential(configuration), CreateClientOptions(caFile, verifyChallengeResource));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, secretName) in mapping.Entries)
        {
            values[setting] = await ReadSecretAsync(client, vaultUri!, setting, secretName, errors, cancellationToken).ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(values)
            .Build();
    }

    private static async Task<string?> ReadSecretAsync(SecretClient client, Uri vaultUri, string setting, string secretName, List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetSecretAsync(secretName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Value;
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.NotFound)
        {
            errors.Add($"The Key Vault {vaultUri.Host} has no secret '{secretName}' for {setting}: create it, or change {SettingNames.KeyVaultSecrets}.");
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden)
        {
            throw new KeyVaultReadException($"The Key Vault {vaultUri.Host} rejected the request for the secret '{secretName}' (HTTP {exception.Status}): give the forwarder's identity the 'Key Vault Secrets User' role on the vault or the secret.", ExitCodes.NoPermission, exception);
        }
        catch (AuthenticationFailedException exception)
        {
            throw new KeyVaultReadException($"No Azure AD token for the Key Vault {vaultUri.Host}: check {SettingNames.AzureTenantId}, {SettingNames.AzureClientId} and the secret, certificate or managed identity.", ExitCodes.NoPermission, exception);
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("does not match the requested domain", StringComparison.Ordinal))
        {
            // Azure.Security.KeyVault.Secrets raises this when the 401 challenge names a resource
            // whose domain the vault host does not end with, which protects the token from a wrong host.
            throw new KeyVaultReadException($"The Key Vault {vaultUri.Host} asked for a token for another domain: set {SettingNames.KeyVaultUri} to the vault's own URL, such as https://contoso.vault.azure.net/.", ExitCodes.Configuration, exception);
        }
        catch (Exception exception) when (FindInner<AuthenticationException>(exception) is not null)
        {
            throw new KeyVaultReadException($"The TLS certificate of the Key Vault {vaultUri.Authority} is not trusted: if a proxy or a private CA signs it, set {SettingNames.KeyVaultCaFile} to that CA certificate in PEM form. Certificate validation cannot be switched off.", ExitCodes.Configuration, exception);
        }
        catch (RequestFailedException exception)
        {
            throw new KeyVaultReadException($"Reading the secret '{secretName}' from the Key Vault {vaultUri.Host} failed (HTTP {exception.Status}, {exception.ErrorCode}); a later run will try again.", ExitCodes.TemporaryFailure, exception);
        }
        catch (AggregateException exception)
        {
            // The client raises this when every retry failed in transport, for example on a refused connection.
            throw new KeyVaultReadException($"The Key Vault {vaultUri.Authority} could not be reached after the retries ({exception.InnerExceptions[^1].Message}); a later run will try again.", ExitCodes.TemporaryFailure, exception);
        }
    }

    private static TException? FindInner<TException>(Exception exception)
        where TException : Exception
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is TException match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    private static Uri? ReadVaultUri(string text, List<string> errors)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{SettingNames.KeyVaultUri} must be the vault's https:// URL, for example https://contoso.vault.azure.net/; got '{text}'.");
            return null;
        }

        return uri;
    }

    /// <summary>Builds the Azure AD credential from the settings, as for Event Hubs, falling back to the managed identity.</summary>
    private static TokenCredential CreateCredential(IConfiguration configuration)
    {
        string? Read(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

        var credential = new AzureCredentialOptions
        {
            TenantId = Read(SettingNames.AzureTenantId),
            ClientId = Read(SettingNames.AzureClientId),
            ClientSecret = Read(SettingNames.AzureClientSecret),
            ClientCertificatePath = Read(SettingNames.AzureClientCertificatePath),
            FederatedTokenFile = Read(SettingNames.AzureFederatedTokenFile),
            AuthorityHost = Uri.TryCreate(Read(SettingNames.AzureAuthorityHost), UriKind.Absolute, out var authority) ? authority : null,
            CaFile = Read(SettingNames.AzureCaFile) ?? Read(SettingNames.EventHubCaFile),
        };

        var mode = credential.ClientSecret is not null ? EventHubAuthMode.ClientSecret
            : credential.ClientCertificatePath is not null ? EventHubAuthMode.ClientCertificate
            : credential.FederatedTokenFile is not null ? EventHubAuthMode.WorkloadIdentity
            : EventHubAuthMode.ManagedIdentity;

        return EventHubClientFactory.CreateCredential(new EventHubOptions { Auth = mode, Credential = credential });
    }

    private static SecretClientOptions CreateClientOptions(string? caFile, bool verifyChallengeResource)
    {
        var trust = CertificateTrust.FromPemFile(caFile);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            UseCookies = false,
        };
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;

        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(new HttpClient(handler)),
            DisableChallengeResourceVerification = !verifyChallengeResource,
        };
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Diagnostics.IsLoggingEnabled = false;
        return options;
    }
}
