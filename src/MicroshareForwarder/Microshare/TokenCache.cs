using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.State;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// The token cache file, <c>token_cache.json</c> in the state directory, mode 0600. The
/// token is stored with a fingerprint of the settings that produced it (sign-in URL,
/// method, user, identity, app key and password), derived with PBKDF2 and a random salt,
/// so a change of any of them, a password rotation included, never reuses an old token,
/// and the file does not reveal the password.
/// </summary>
internal sealed class TokenCache
{
    public const string FileName = "token_cache.json";

    private const int FormatVersion = 1;
    private const int FingerprintIterations = 100_000;

    private readonly string _path;
    private readonly MicroshareOptions _options;
    private readonly ILogger _logger;

    public TokenCache(string stateDirectory, MicroshareOptions options, ILogger logger)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _options = options;
        _logger = logger;
    }

    /// <summary>Returns the cached token when it belongs to the current settings; null otherwise.</summary>
    public async Task<MicroshareToken?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        CacheFile? file;
        try
        {
            var bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
            file = JsonSerializer.Deserialize(bytes, TokenCacheJsonContext.Default.CacheFile);
        }
        catch (JsonException)
        {
            Log.TokenCacheDiscarded(_logger, "it is not valid JSON");
            return null;
        }

        if (file is null || file.Version != FormatVersion || file.AccessToken is null || file.Salt is null || file.Fingerprint is null)
        {
            Log.TokenCacheDiscarded(_logger, "its format is not recognised");
            return null;
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(file.Salt);
        }
        catch (FormatException)
        {
            Log.TokenCacheDiscarded(_logger, "its salt is not base64");
            return null;
        }

        var expected = ComputeFingerprint(salt);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(file.Fingerprint)))
        {
            Log.TokenCacheNotForTheseSettings(_logger);
            return null;
        }

        return new MicroshareToken(file.AccessToken, file.ExpiresAt);
    }

    /// <summary>Replaces the cache with <paramref name="token"/>, atomically and with mode 0600.</summary>
    public async Task WriteAsync(MicroshareToken token, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var file = new CacheFile
        {
            Version = FormatVersion,
            Salt = Convert.ToBase64String(salt),
            Fingerprint = ComputeFingerprint(salt),
            AccessToken = token.AccessToken,
            ExpiresAt = token.ExpiresAt,
        };

        var bytes = JsonSerializer.SerializeToUtf8Bytes(file, TokenCacheJsonContext.Default.CacheFile);
        await AtomicFile.WriteAsync(_path, bytes, AtomicFile.OwnerOnly, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the cache, for example after Microshare rejected the cached token.</summary>
    public void Delete()
    {
        File.Delete(_path);
    }

    private string ComputeFingerprint(byte[] salt)
    {
        var signInUrl = _options.AuthMethod == MicroshareAuthMethod.WebLogin ? _options.AppUrl?.ToString() : _options.AuthUrl.ToString();
        var material = string.Join(
            "\n",
            signInUrl,
            _options.AuthMethod.ToString(),
            _options.Username,
            _options.Identity ?? string.Empty,
            _options.ApiKey,
            _options.Password);

        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(material), salt, FingerprintIterations, HashAlgorithmName.SHA256, 32);
        return Convert.ToHexStringLower(hash);
    }

    internal sealed class CacheFile
    {
        public int Version { get; set; }

        public string? Salt { get; set; }

        public string? Fingerprint { get; set; }

        public string? AccessToken { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TokenCache.CacheFile))]
internal sealed partial class TokenCacheJsonContext : JsonSerializerContext;
