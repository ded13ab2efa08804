using System.Text.RegularExpressions;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.KeyVault;

/// <summary>
/// Which settings come from which Key Vault secrets, parsed from <c>KEYVAULT_SECRETS</c>
/// (<c>SETTING=secret-name</c> pairs separated by commas). Without it, the Microshare
/// password and API key come from the secrets <c>microshare-password</c> and <c>microshare-api-key</c>.
/// </summary>
internal sealed partial class KeyVaultSecretMapping
{
    /// <summary>The settings a secret may replace: the secrets themselves, never the credential that reads the vault.</summary>
    private static readonly string[] AllowedSettings =
    [
        SettingNames.MicroshareUsername,
        SettingNames.MicrosharePassword,
        SettingNames.MicroshareApiKey,
        SettingNames.EventHubConnectionString,
    ];

    private KeyVaultSecretMapping(IReadOnlyList<(string Setting, string SecretName)> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<(string Setting, string SecretName)> Entries { get; }

    public static KeyVaultSecretMapping Default { get; } = new([
        (SettingNames.MicrosharePassword, "microshare-password"),
        (SettingNames.MicroshareApiKey, "microshare-api-key"),
    ]);

    /// <summary>Parses the mapping; adds a message to <paramref name="errors"/> for each invalid pair.</summary>
    public static KeyVaultSecretMapping Parse(string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var entries = new List<(string, string)>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var setting = separator > 0 ? pair[..separator].Trim() : pair;
            var secretName = separator > 0 ? pair[(separator + 1)..].Trim() : string.Empty;

            if (!AllowedSettings.Contains(setting, StringComparer.Ordinal))
            {
                errors.Add($"{SettingNames.KeyVaultSecrets} names '{setting}', which cannot come from Key Vault: use {string.Join(", ", AllowedSettings)}. The Azure AD settings must stay in the .env file because they sign in to the vault.");
                continue;
            }

            if (!SecretName().IsMatch(secretName))
            {
                errors.Add($"{SettingNames.KeyVaultSecrets} maps {setting} to '{secretName}', which is not a Key Vault secret name: use 1 to 127 letters, digits and dashes, as in {setting}=microshare-password.");
                continue;
            }

            entries.Add((setting, secretName));
        }

        return new KeyVaultSecretMapping(entries);
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex SecretName();
}
