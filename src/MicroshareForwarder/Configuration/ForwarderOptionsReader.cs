using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Reads <see cref="ForwarderOptions"/> from flat configuration keys (see
/// <see cref="SettingNames"/>) and validates them. Every problem is collected, so one
/// start reports all of them at once.
/// </summary>
internal sealed class ForwarderOptionsReader
{
    private readonly IConfiguration _configuration;
    private readonly List<string> _errors = [];

    private ForwarderOptionsReader(IConfiguration configuration)
    {
        _configuration = configuration;
    }

    /// <summary>Reads and validates the options, or throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public static ForwarderOptions Read(IConfiguration configuration)
    {
        var reader = new ForwarderOptionsReader(configuration);
        var options = reader.ReadAll();
        if (reader._errors.Count > 0)
        {
            throw new ConfigurationException(reader._errors);
        }

        return options;
    }

    private ForwarderOptions ReadAll()
    {
        var microshare = ReadMicroshare();
        var eventHub = ReadEventHub();
        var state = ReadState();

        var feed = new FeedOptions
        {
            Name = ReadFeedName(),
            RecType = Require(SettingNames.MicroshareRecType, "the Microshare record type to forward, for example io.microshare.occupancy.unpacked"),
            Overlap = ReadDuration(SettingNames.FeedOverlap, TimeSpan.FromHours(2)),
            MaxFutureSkew = ReadDuration(SettingNames.FeedMaxFutureSkew, TimeSpan.FromHours(1)),
            MaxRecordAge = ReadDuration(SettingNames.FeedMaxRecordAge, TimeSpan.FromDays(3650), minimum: TimeSpan.FromHours(1)),
        };

        return new ForwarderOptions
        {
            Microshare = microshare,
            EventHub = eventHub,
            State = state,
            Feeds = [feed],
            Metrics = ReadMetrics(),
        };
    }

    private MetricsOptions ReadMetrics()
    {
        var textfile = Optional(SettingNames.MetricsTextfile);
        if (textfile is not null && !textfile.EndsWith(".prom", StringComparison.Ordinal))
        {
            _errors.Add($"{SettingNames.MetricsTextfile} must end in .prom, because node_exporter's textfile collector reads only such files; got '{textfile}'.");
        }

        if (textfile is not null && Path.GetDirectoryName(Path.GetFullPath(textfile)) is { } directory && !Directory.Exists(directory))
        {
            _errors.Add($"{SettingNames.MetricsTextfile} names a file in a directory that does not exist: '{directory}'.");
        }

        var protocol = ReadEnum(SettingNames.OtlpProtocol, OtlpProtocol.HttpProtobuf, ("http/protobuf", OtlpProtocol.HttpProtobuf), ("grpc", OtlpProtocol.Grpc));
        return new MetricsOptions
        {
            TextfilePath = textfile is null ? null : Path.GetFullPath(textfile),
            OtlpEndpoint = ReadUrl(SettingNames.OtlpEndpoint, required: false, allowedSchemes: ["http", "https"]),
            OtlpProtocol = protocol,
        };
    }

    private MicroshareOptions ReadMicroshare()
    {
        var authMethod = ReadEnum(SettingNames.MicroshareAuthMethod, MicroshareAuthMethod.OAuth2, ("oauth2", MicroshareAuthMethod.OAuth2), ("weblogin", MicroshareAuthMethod.WebLogin));
        var appUrl = ReadUrl(SettingNames.MicroshareAppUrl, required: authMethod == MicroshareAuthMethod.WebLogin);

        return new MicroshareOptions
        {
            Username = Require(SettingNames.MicroshareUsername, "the Microshare account's user name"),
            Password = Require(SettingNames.MicrosharePassword, "the Microshare account's password"),
            ApiKey = authMethod == MicroshareAuthMethod.OAuth2
                ? Require(SettingNames.MicroshareApiKey, "the app key from the Microshare console (Manage, Keys)")
                : Optional(SettingNames.MicroshareApiKey) ?? string.Empty,
            AuthMethod = authMethod,
            AuthUrl = ReadUrl(SettingNames.MicroshareAuthUrl, required: authMethod == MicroshareAuthMethod.OAuth2) ?? Placeholder,
            ApiUrl = ReadUrl(SettingNames.MicroshareApiUrl, required: true) ?? Placeholder,
            AppUrl = appUrl,
            Identity = Optional(SettingNames.MicroshareIdentity),
            Scope = Optional(SettingNames.MicroshareScope) ?? "ALL:ALL",
            PageSize = ReadInt(SettingNames.MicrosharePageSize, 999, 1, 100_000),
            MaxPagesPerRun = ReadInt(SettingNames.MicroshareMaxPagesPerRun, 1000, 1, 1_000_000),
            RequestTimeout = ReadDuration(SettingNames.MicroshareRequestTimeout, TimeSpan.FromSeconds(60), minimum: TimeSpan.FromSeconds(1)),
            MaxRetries = ReadInt(SettingNames.MicroshareMaxRetries, 4, 0, 20),
            RetryBaseDelay = ReadDuration(SettingNames.MicroshareRetryBaseDelay, TimeSpan.FromSeconds(2), minimum: TimeSpan.FromMilliseconds(10)),
            TokenRefreshMargin = ReadDuration(SettingNames.MicroshareTokenRefreshMargin, TimeSpan.FromMinutes(10)),
            CaFile = ReadExistingFile(SettingNames.MicroshareCaFile),
        };
    }

    private EventHubOptions ReadEventHub()
    {
        var connectionString = Optional(SettingNames.EventHubConnectionString);
        var fullyQualifiedNamespace = Optional(SettingNames.EventHubNamespace);
        var hubName = Optional(SettingNames.EventHubName);

        if (connectionString is not null && fullyQualifiedNamespace is not null)
        {
            _errors.Add($"{SettingNames.EventHubConnectionString} and {SettingNames.EventHubNamespace} are both set: set only one (the namespace with Azure AD credentials is preferred).");
        }
        else if (connectionString is null && fullyQualifiedNamespace is null)
        {
            _errors.Add($"{SettingNames.EventHubNamespace} is missing: set it to the Event Hubs namespace host (for example contoso.servicebus.windows.net), or set {SettingNames.EventHubConnectionString}.");
        }

        if (connectionString is not null && !connectionString.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase))
        {
            _errors.Add($"{SettingNames.EventHubConnectionString} is not an Event Hubs connection string: it must contain Endpoint=sb://...");
        }

        var entityPath = connectionString is null ? null : ReadConnectionStringPart(connectionString, "EntityPath");
        if (hubName is null && entityPath is null && (connectionString is not null || fullyQualifiedNamespace is not null))
        {
            _errors.Add($"{SettingNames.EventHubName} is missing: set it to the Event Hub's name.");
        }

        var isDevelopmentEndpoint = connectionString is not null
            && string.Equals(ReadConnectionStringPart(connectionString, "UseDevelopmentEmulator"), "true", StringComparison.OrdinalIgnoreCase);

        var auth = ReadEventHubAuth(connectionString is not null);
        var credential = new AzureCredentialOptions
        {
            TenantId = Optional(SettingNames.AzureTenantId),
            ClientId = Optional(SettingNames.AzureClientId),
            ClientSecret = Optional(SettingNames.AzureClientSecret),
            ClientCertificatePath = Optional(SettingNames.AzureClientCertificatePath),
            FederatedTokenFile = Optional(SettingNames.AzureFederatedTokenFile),
            AuthorityHost = ReadUrl(SettingNames.AzureAuthorityHost, required: false),
        };
        ValidateCredential(auth, connectionString is not null, credential);

        return new EventHubOptions
        {
            Auth = auth,
            ConnectionString = connectionString,
            FullyQualifiedNamespace = fullyQualifiedNamespace,
            HubName = hubName ?? entityPath,
            Transport = ReadEnum(SettingNames.EventHubTransport, isDevelopmentEndpoint ? EventHubTransport.Amqp : EventHubTransport.WebSockets, ("websockets", EventHubTransport.WebSockets), ("amqp", EventHubTransport.Amqp)),
            MaxBatchSizeBytes = ReadOptionalLong(SettingNames.EventHubMaxBatchSizeBytes, 1024, 100L * 1024 * 1024),
            TryTimeout = ReadDuration(SettingNames.EventHubTryTimeout, TimeSpan.FromSeconds(60), minimum: TimeSpan.FromSeconds(1)),
            MaxRetries = ReadInt(SettingNames.EventHubMaxRetries, 5, 0, 100),
            CaFile = ReadExistingFile(SettingNames.EventHubCaFile),
            CustomEndpointAddress = ReadUrl(SettingNames.EventHubCustomEndpoint, required: false, allowedSchemes: ["amqps", "sb", "https"]),
            Credential = credential,
        };
    }

    private EventHubAuthMode ReadEventHubAuth(bool hasConnectionString)
    {
        var inferred = hasConnectionString ? EventHubAuthMode.ConnectionString
            : Optional(SettingNames.AzureClientSecret) is not null ? EventHubAuthMode.ClientSecret
            : Optional(SettingNames.AzureClientCertificatePath) is not null ? EventHubAuthMode.ClientCertificate
            : Optional(SettingNames.AzureFederatedTokenFile) is not null ? EventHubAuthMode.WorkloadIdentity
            : EventHubAuthMode.ManagedIdentity;

        return ReadEnum(
            SettingNames.EventHubAuth,
            inferred,
            ("connection-string", EventHubAuthMode.ConnectionString),
            ("managed-identity", EventHubAuthMode.ManagedIdentity),
            ("client-secret", EventHubAuthMode.ClientSecret),
            ("client-certificate", EventHubAuthMode.ClientCertificate),
            ("workload-identity", EventHubAuthMode.WorkloadIdentity));
    }

    private void ValidateCredential(EventHubAuthMode auth, bool hasConnectionString, AzureCredentialOptions credential)
    {
        if (auth == EventHubAuthMode.ConnectionString && !hasConnectionString)
        {
            _errors.Add($"{SettingNames.EventHubAuth} is connection-string but {SettingNames.EventHubConnectionString} is missing.");
        }

        if (auth != EventHubAuthMode.ConnectionString && hasConnectionString)
        {
            _errors.Add($"{SettingNames.EventHubAuth} asks for Azure AD credentials but {SettingNames.EventHubConnectionString} is set: remove the connection string and set {SettingNames.EventHubNamespace}.");
        }

        if (auth is EventHubAuthMode.ClientSecret or EventHubAuthMode.ClientCertificate or EventHubAuthMode.WorkloadIdentity)
        {
            RequireValue(credential.TenantId, SettingNames.AzureTenantId, "the Azure AD tenant id");
            RequireValue(credential.ClientId, SettingNames.AzureClientId, "the service principal's application (client) id");
        }

        if (auth == EventHubAuthMode.ClientSecret)
        {
            RequireValue(credential.ClientSecret, SettingNames.AzureClientSecret, "the service principal's client secret");
        }

        if (auth == EventHubAuthMode.ClientCertificate)
        {
            RequireValue(credential.ClientCertificatePath, SettingNames.AzureClientCertificatePath, "the path of the service principal's PEM or PFX certificate");
        }

        if (auth == EventHubAuthMode.WorkloadIdentity)
        {
            RequireValue(credential.FederatedTokenFile, SettingNames.AzureFederatedTokenFile, "the path of the federated token file");
        }
    }

    private StateOptions ReadState()
    {
        var directory = Optional(SettingNames.StateDirectory)
            ?? Optional(SettingNames.SystemdStateDirectory)
            ?? "/var/lib/microshare-forwarder";

        if (!Path.IsPathFullyQualified(directory))
        {
            directory = Path.GetFullPath(directory);
        }

        return new StateOptions
        {
            Directory = directory,
            DeliveredRetention = ReadDuration(SettingNames.DeliveredRetention, TimeSpan.FromDays(30), minimum: TimeSpan.FromHours(1)),
        };
    }

    private string ReadFeedName()
    {
        var name = Optional(SettingNames.FeedName) ?? "share";
        foreach (var character in name)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character is not ('-' or '_' or '.'))
            {
                _errors.Add($"{SettingNames.FeedName} '{name}' is invalid: use letters, digits, '-', '_' and '.'.");
                break;
            }
        }

        return name;
    }

    private static readonly Uri Placeholder = new("https://invalid.invalid/");

    private string? Optional(string key)
    {
        var value = _configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string Require(string key, string description)
    {
        var value = Optional(key);
        RequireValue(value, key, description);
        return value ?? string.Empty;
    }

    private void RequireValue(string? value, string key, string description)
    {
        if (value is null)
        {
            _errors.Add($"{key} is missing: set it to {description}.");
        }
    }

    private Uri? ReadUrl(string key, bool required, string[]? allowedSchemes = null)
    {
        var text = Optional(key);
        if (text is null)
        {
            if (required)
            {
                _errors.Add($"{key} is missing: set it to an https:// URL.");
            }

            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            _errors.Add($"{key} is not a valid absolute URL: '{text}'.");
            return null;
        }

        if (allowedSchemes is not null)
        {
            if (!allowedSchemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
            {
                _errors.Add($"{key} must use one of the schemes {string.Join(", ", allowedSchemes)}; got '{url.Scheme}'.");
            }

            return url;
        }

        var isLoopbackHttp = url.Scheme == Uri.UriSchemeHttp && IsLoopback(url);
        if (url.Scheme != Uri.UriSchemeHttps && !isLoopbackHttp)
        {
            _errors.Add($"{key} must be an https:// URL (plain http is accepted only for loopback addresses); got '{url.Scheme}://{url.Authority}'.");
        }

        return url;
    }

    private static bool IsLoopback(Uri url)
    {
        return url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private string? ReadExistingFile(string key)
    {
        var path = Optional(key);
        if (path is not null && !File.Exists(path))
        {
            _errors.Add($"{key} names a file that does not exist: '{path}'.");
        }

        return path;
    }

    private int ReadInt(string key, int defaultValue, int minimum, int maximum)
    {
        var text = Optional(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            _errors.Add($"{key} must be a whole number from {minimum} to {maximum}; got '{text}'.");
            return defaultValue;
        }

        return value;
    }

    private long? ReadOptionalLong(string key, long minimum, long maximum)
    {
        var text = Optional(key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            _errors.Add($"{key} must be a whole number of bytes from {minimum} to {maximum}; got '{text}'.");
            return null;
        }

        return value;
    }

    private TimeSpan ReadDuration(string key, TimeSpan defaultValue, TimeSpan? minimum = null)
    {
        var text = Optional(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (!DurationParser.TryParse(text, out var value))
        {
            _errors.Add($"{key} must be a duration such as 90s, 15m, 2h or 30d; got '{text}'.");
            return defaultValue;
        }

        if (minimum is { } floor && value < floor)
        {
            _errors.Add($"{key} must be at least {floor}; got '{text}'.");
            return defaultValue;
        }

        return value;
    }

    private TEnum ReadEnum<TEnum>(string key, TEnum defaultValue, params (string Name, TEnum Value)[] choices)
        where TEnum : struct, Enum
    {
        var text = Optional(key);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        _errors.Add($"{key} must be one of {string.Join(", ", choices.Select(choice => choice.Name))}; got '{text}'.");
        return defaultValue;
    }

    private static string? ReadConnectionStringPart(string connectionString, string name)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && string.Equals(part[..separator], name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(separator + 1)..];
            }
        }

        return null;
    }
}
