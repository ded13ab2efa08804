using System.Globalization;
using System.Net;
using MicroshareForwarder.EventHubs;
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
        var eventHubs = ReadEventHubs();
        var state = ReadState();

        var feedsFile = Optional(SettingNames.FeedsFile);
        var feeds = feedsFile is null ? [ReadSingleFeed()] : ReadFeedsFile(feedsFile);
        FeedValidator.ValidateAll(feeds, _errors);

        return new ForwarderOptions
        {
            Microshare = microshare,
            EventHub = eventHubs[0],
            EventHubs = eventHubs,
            State = state,
            Feeds = feeds,
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

    private IReadOnlyList<EventHubOptions> ReadEventHubs()
    {
        var destinations = new List<EventHubOptions> { ReadEventHub(DefaultDestination, prefix: string.Empty) };

        var extra = Optional(SettingNames.EventHubExtraDestinations);
        foreach (var name in extra?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            if (!name.All(character => char.IsAsciiLetterOrDigit(character) || character == '_'))
            {
                _errors.Add($"{SettingNames.EventHubExtraDestinations} contains '{name}', which is not a valid destination name: use letters, digits and '_'.");
                continue;
            }

            if (destinations.Any(destination => string.Equals(destination.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                _errors.Add($"{SettingNames.EventHubExtraDestinations} names the destination '{name}' twice.");
                continue;
            }

            destinations.Add(ReadEventHub(name, prefix: name.ToUpperInvariant() + "_"));
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var destination in destinations)
        {
            if (DescribeHub(destination) is { } hub && !keys.Add(hub))
            {
                _errors.Add($"The destination '{destination.Name}' publishes to {hub}, which another destination already publishes to: every destination must be a different hub.");
            }
        }

        return destinations;
    }

    private static string? DescribeHub(EventHubOptions options)
    {
        var host = options.FullyQualifiedNamespace;
        if (options.ConnectionString is { } connectionString
            && ReadConnectionStringPart(connectionString, "Endpoint") is { } endpoint
            && Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUrl))
        {
            host = endpointUrl.Host;
        }

        return host is null || options.HubName is null ? null : $"{host}/{options.HubName}";
    }

    /// <summary>
    /// Reads one destination hub. <paramref name="prefix"/> is empty for the first destination
    /// and <c>NAME_</c> for a destination from <see cref="SettingNames.EventHubExtraDestinations"/>,
    /// so <c>EVENTHUB_NAME</c> becomes <c>NAME_EVENTHUB_NAME</c> and <c>AZURE_CLIENT_ID</c>
    /// becomes <c>NAME_AZURE_CLIENT_ID</c>.
    /// </summary>
    private EventHubOptions ReadEventHub(string name, string prefix)
    {
        var connectionString = Optional(prefix + SettingNames.EventHubConnectionString);
        var fullyQualifiedNamespace = Optional(prefix + SettingNames.EventHubNamespace);
        var hubName = Optional(prefix + SettingNames.EventHubName);

        if (connectionString is not null && fullyQualifiedNamespace is not null)
        {
            _errors.Add($"{prefix}{SettingNames.EventHubConnectionString} and {prefix}{SettingNames.EventHubNamespace} are both set: set only one (the namespace with Azure AD credentials is preferred).");
        }
        else if (connectionString is null && fullyQualifiedNamespace is null)
        {
            _errors.Add($"{prefix}{SettingNames.EventHubNamespace} is missing: set it to the Event Hubs namespace host (for example contoso.servicebus.windows.net), or set {prefix}{SettingNames.EventHubConnectionString}.");
        }

        if (connectionString is not null && !connectionString.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase))
        {
            _errors.Add($"{prefix}{SettingNames.EventHubConnectionString} is not an Event Hubs connection string: it must contain Endpoint=sb://...");
        }

        var entityPath = connectionString is null ? null : ReadConnectionStringPart(connectionString, "EntityPath");
        if (hubName is null && entityPath is null && (connectionString is not null || fullyQualifiedNamespace is not null))
        {
            _errors.Add($"{prefix}{SettingNames.EventHubName} is missing: set it to the Event Hub's name.");
        }

        if (hubName is not null && entityPath is not null && !string.Equals(hubName, entityPath, StringComparison.Ordinal))
        {
            _errors.Add($"{prefix}{SettingNames.EventHubName} is '{hubName}' but {prefix}{SettingNames.EventHubConnectionString} names the hub '{entityPath}' (EntityPath): remove one of them or make them equal.");
        }

        var isDevelopmentEndpoint = connectionString is not null
            && string.Equals(ReadConnectionStringPart(connectionString, "UseDevelopmentEmulator"), "true", StringComparison.OrdinalIgnoreCase);

        var auth = ReadEventHubAuth(prefix, connectionString is not null);
        var caFile = ReadExistingFile(prefix + SettingNames.EventHubCaFile);
        var credential = new AzureCredentialOptions
        {
            TenantId = Optional(prefix + SettingNames.AzureTenantId),
            ClientId = Optional(prefix + SettingNames.AzureClientId),
            ClientSecret = Optional(prefix + SettingNames.AzureClientSecret),
            ClientCertificatePath = ReadExistingFile(prefix + SettingNames.AzureClientCertificatePath),
            FederatedTokenFile = ReadExistingFile(prefix + SettingNames.AzureFederatedTokenFile),
            AuthorityHost = ReadUrl(prefix + SettingNames.AzureAuthorityHost, required: false),
            CaFile = ReadExistingFile(prefix + SettingNames.AzureCaFile) ?? caFile,
        };
        ValidateCredential(prefix, auth, connectionString is not null, credential);

        var transport = ReadEnum(prefix + SettingNames.EventHubTransport, isDevelopmentEndpoint ? EventHubTransport.Amqp : EventHubTransport.WebSockets, ("websockets", EventHubTransport.WebSockets), ("amqp", EventHubTransport.Amqp));
        if (transport == EventHubTransport.WebSockets && caFile is not null)
        {
            // Azure.Messaging.EventHubs 5.12.2 applies a certificate callback only to plain AMQP over TLS.
            _errors.Add($"{prefix}{SettingNames.EventHubCaFile} has no effect with {prefix}{SettingNames.EventHubTransport}=websockets, because the Event Hubs client checks WebSocket certificates against the system trust store only: "
                + $"add the CA to the system store (or point SSL_CERT_FILE at a bundle that includes it) and remove {prefix}{SettingNames.EventHubCaFile}, or set {prefix}{SettingNames.EventHubTransport}=amqp.");
        }


        return new EventHubOptions
        {
            Name = name,
            Auth = auth,
            ConnectionString = connectionString,
            FullyQualifiedNamespace = fullyQualifiedNamespace,
            HubName = hubName ?? entityPath,
            Transport = transport,
            MaxBatchSizeBytes = ReadOptionalLong(prefix + SettingNames.EventHubMaxBatchSizeBytes, 1024, 100L * 1024 * 1024),
            TryTimeout = ReadDuration(prefix + SettingNames.EventHubTryTimeout, TimeSpan.FromSeconds(60), minimum: TimeSpan.FromSeconds(1)),
            MaxRetries = ReadInt(prefix + SettingNames.EventHubMaxRetries, 5, 0, 100),
            CaFile = caFile,
            CustomEndpointAddress = ReadUrl(prefix + SettingNames.EventHubCustomEndpoint, required: false, allowedSchemes: ["amqps", "sb", "https"]),
            Proxy = ReadProxy(prefix, transport),
            PartitionKeyPath = ReadJsonPointer(prefix + SettingNames.EventHubPartitionKeyPath),
            EventFormat = ReadEnum(prefix + SettingNames.EventHubEventFormat, EventFormat.Binary, ("binary", EventFormat.Binary), ("structured", EventFormat.Structured), ("raw", EventFormat.Raw)),
            Credential = credential,
        };
    }

    /// <summary>
    /// Reads the WebSockets proxy: <c>EVENTHUB_PROXY</c>, else <c>HTTPS_PROXY</c>. Plain AMQP
    /// cannot use a proxy, so an explicit <c>EVENTHUB_PROXY</c> with it is an error and
    /// <c>HTTPS_PROXY</c> is ignored.
    /// </summary>
    private Uri? ReadProxy(string prefix, EventHubTransport transport)
    {
        var explicitProxy = ReadUrl(prefix + SettingNames.EventHubProxy, required: false, allowedSchemes: ["http", "https"]);
        if (explicitProxy is not null && transport == EventHubTransport.Amqp)
        {
            _errors.Add($"{prefix}{SettingNames.EventHubProxy} is set but {prefix}{SettingNames.EventHubTransport} is amqp: a proxy works only with websockets, so remove the proxy or set the transport to websockets.");
            return null;
        }

        if (explicitProxy is not null || transport == EventHubTransport.Amqp)
        {
            return explicitProxy;
        }

        return ReadUrl(SettingNames.HttpsProxy, required: false, allowedSchemes: ["http", "https"]);
    }

    private string? ReadJsonPointer(string key)
    {
        var pointer = Optional(key);
        if (pointer is not null && !JsonPointer.TryParse(pointer, out _, out var problem))
        {
            _errors.Add($"{key} '{pointer}' is not a valid JSON Pointer (RFC 6901, for example /data/device/id): {problem}.");
            return null;
        }

        return pointer;
    }

    private EventHubAuthMode ReadEventHubAuth(string prefix, bool hasConnectionString)
    {
        var inferred = hasConnectionString ? EventHubAuthMode.ConnectionString
            : Optional(prefix + SettingNames.AzureClientSecret) is not null ? EventHubAuthMode.ClientSecret
            : Optional(prefix + SettingNames.AzureClientCertificatePath) is not null ? EventHubAuthMode.ClientCertificate
            : Optional(prefix + SettingNames.AzureFederatedTokenFile) is not null ? EventHubAuthMode.WorkloadIdentity
            : EventHubAuthMode.ManagedIdentity;

        return ReadEnum(
            prefix + SettingNames.EventHubAuth,
            inferred,
            ("connection-string", EventHubAuthMode.ConnectionString),
            ("managed-identity", EventHubAuthMode.ManagedIdentity),
            ("client-secret", EventHubAuthMode.ClientSecret),
            ("client-certificate", EventHubAuthMode.ClientCertificate),
            ("workload-identity", EventHubAuthMode.WorkloadIdentity));
    }

    private void ValidateCredential(string prefix, EventHubAuthMode auth, bool hasConnectionString, AzureCredentialOptions credential)
    {
        if (auth == EventHubAuthMode.ConnectionString && !hasConnectionString)
        {
            _errors.Add($"{prefix}{SettingNames.EventHubAuth} is connection-string but {prefix}{SettingNames.EventHubConnectionString} is missing.");
        }

        if (auth != EventHubAuthMode.ConnectionString && hasConnectionString)
        {
            _errors.Add($"{prefix}{SettingNames.EventHubAuth} asks for Azure AD credentials but {prefix}{SettingNames.EventHubConnectionString} is set: remove the connection string and set {prefix}{SettingNames.EventHubNamespace}.");
        }

        if (auth is EventHubAuthMode.ClientSecret or EventHubAuthMode.ClientCertificate or EventHubAuthMode.WorkloadIdentity)
        {
            RequireValue(credential.TenantId, prefix + SettingNames.AzureTenantId, "the Azure AD tenant id");
            RequireValue(credential.ClientId, prefix + SettingNames.AzureClientId, "the service principal's application (client) id");
        }

        if (auth == EventHubAuthMode.ClientSecret)
        {
            RequireValue(credential.ClientSecret, prefix + SettingNames.AzureClientSecret, "the service principal's client secret");
        }

        if (auth == EventHubAuthMode.ClientCertificate)
        {
            RequireValue(credential.ClientCertificatePath, prefix + SettingNames.AzureClientCertificatePath, "the path of the service principal's PEM or PFX certificate");
        }

        if (auth == EventHubAuthMode.WorkloadIdentity)
        {
            RequireValue(credential.FederatedTokenFile, prefix + SettingNames.AzureFederatedTokenFile, "the path of the federated token file");
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

    private FeedOptions ReadSingleFeed()
    {
        var kind = ReadEnum(SettingNames.FeedKind, FeedKind.Share, ("share", FeedKind.Share), ("dashboard", FeedKind.Dashboard), ("view", FeedKind.View));
        var dashboardKind = ReadEnum(SettingNames.MicroshareDashboardKind, DashboardKind.Snapshot, ("snapshot", DashboardKind.Snapshot), ("peoplecounter", DashboardKind.PeopleCounter));
        var name = ReadFeedName(kind);

        var recType = kind == FeedKind.Dashboard
            ? FeedOptions.DashboardRecType(dashboardKind)
            : Require(SettingNames.MicroshareRecType, kind == FeedKind.View
                ? "the View's record type, the path of GET /share/{recType}?id=..."
                : "the Microshare record type to forward, for example io.microshare.occupancy.unpacked");

        var dataContext = Optional(SettingNames.MicroshareDashboardDataContext);
        if (kind == FeedKind.Dashboard && dashboardKind == DashboardKind.Snapshot && dataContext is null)
        {
            _errors.Add($"{SettingNames.MicroshareDashboardDataContext} is missing: set it to the dashboard's dataContext as one JSON array, for example [\"CTX\",\"occupancytesting\",\"room\"].");
        }

        if (kind != FeedKind.Share && Optional(SettingNames.MicroshareViewId) is null)
        {
            _errors.Add($"{SettingNames.MicroshareViewId} is missing: a {kind.ToString().ToLowerInvariant()} feed needs the id of the View to run.");
        }

        return new FeedOptions
        {
            Name = name,
            Kind = kind,
            RecType = recType,
            Overlap = ReadDuration(SettingNames.FeedOverlap, TimeSpan.FromHours(2)),
            MaxFutureSkew = ReadDuration(SettingNames.FeedMaxFutureSkew, TimeSpan.FromHours(1)),
            MaxRecordAge = ReadDuration(SettingNames.FeedMaxRecordAge, TimeSpan.FromDays(3650), minimum: TimeSpan.FromHours(1)),
            ViewId = Optional(SettingNames.MicroshareViewId),
            DashboardKind = dashboardKind,
            DataContext = dataContext ?? "[\"people\"]",
            Fields = FeedOptions.DefaultFields(dashboardKind),
            Locations = SplitList(Optional(SettingNames.MicroshareDashboardLocations)),
            DeviceCluster = ReadDeviceCluster(),
            LocationIdentity = Optional(SettingNames.MicroshareLocationIdentity),
            SettleDelay = ReadDuration(SettingNames.SettleDelay, TimeSpan.FromMinutes(15)),
            InitialLookback = ReadDuration(SettingNames.InitialLookback, TimeSpan.FromDays(1), minimum: TimeSpan.FromHours(1)),
        };
    }

    private IReadOnlyList<FeedOptions> ReadFeedsFile(string path)
    {
        if (Optional(SettingNames.MicroshareRecType) is not null || Optional(SettingNames.FeedKind) is not null)
        {
            _errors.Add($"{SettingNames.FeedsFile} and the single-feed settings ({SettingNames.MicroshareRecType}, {SettingNames.FeedKind}) are both set: list every feed in the feeds file and remove the single-feed settings.");
        }

        var defaults = new FeedOptions
        {
            Name = "default",
            RecType = string.Empty,
            Overlap = ReadDuration(SettingNames.FeedOverlap, TimeSpan.FromHours(2)),
            MaxFutureSkew = ReadDuration(SettingNames.FeedMaxFutureSkew, TimeSpan.FromHours(1)),
            MaxRecordAge = ReadDuration(SettingNames.FeedMaxRecordAge, TimeSpan.FromDays(3650), minimum: TimeSpan.FromHours(1)),
            SettleDelay = ReadDuration(SettingNames.SettleDelay, TimeSpan.FromMinutes(15)),
            InitialLookback = ReadDuration(SettingNames.InitialLookback, TimeSpan.FromDays(1), minimum: TimeSpan.FromHours(1)),
        };

        return FeedsFileReader.Read(path, defaults, _errors);
    }

    private DeviceClusterOptions? ReadDeviceCluster()
    {
        var text = Optional(SettingNames.MicroshareDeviceCluster);
        if (text is null)
        {
            return null;
        }

        var separator = text.LastIndexOf('/');
        if (separator <= 0 || separator == text.Length - 1)
        {
            _errors.Add($"{SettingNames.MicroshareDeviceCluster} must be recType/clusterId, for example io.microshare.peoplecounter.packed/0123abcd; got '{text}'.");
            return null;
        }

        return new DeviceClusterOptions { RecType = text[..separator], ClusterId = text[(separator + 1)..] };
    }

    private static IReadOnlyList<string> SplitList(string? text)
    {
        return text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private string ReadFeedName(FeedKind kind)
    {
        var name = Optional(SettingNames.FeedName) ?? kind.ToString().ToLowerInvariant();
        if (!FeedValidator.IsValidName(name))
        {
            _errors.Add($"{SettingNames.FeedName} '{name}' is invalid: use letters, digits, '-', '_' and '.'.");
        }

        return name;
    }

    private const string DefaultDestination = "default";

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
