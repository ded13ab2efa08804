namespace MicroshareForwarder.Configuration;

/// <summary>
/// Names of the settings read from the <c>.env</c> file and the environment. The names
/// are the public interface of the forwarder's configuration and are documented in
/// <c>docs/configuration.md</c>.
/// </summary>
internal static class SettingNames
{
    public const string MicroshareUsername = "MICROSHARE_USERNAME";
    public const string MicrosharePassword = "MICROSHARE_PASSWORD";
    public const string MicroshareApiKey = "MICROSHARE_API_KEY";
    public const string MicroshareAuthMethod = "MICROSHARE_AUTH_METHOD";
    public const string MicroshareAuthUrl = "MICROSHARE_AUTH_URL";
    public const string MicroshareApiUrl = "MICROSHARE_API_URL";
    public const string MicroshareAppUrl = "MICROSHARE_APP_URL";
    public const string MicroshareIdentity = "MICROSHARE_IDENTITY";
    public const string MicroshareScope = "MICROSHARE_SCOPE";
    public const string MicroshareRecType = "MICROSHARE_RECTYPE";
    public const string MicrosharePageSize = "MICROSHARE_PAGE_SIZE";
    public const string MicroshareMaxPagesPerRun = "MICROSHARE_MAX_PAGES_PER_RUN";
    public const string MicroshareRequestTimeout = "MICROSHARE_REQUEST_TIMEOUT";
    public const string MicroshareMaxRetries = "MICROSHARE_MAX_RETRIES";
    public const string MicroshareRetryBaseDelay = "MICROSHARE_RETRY_BASE_DELAY";
    public const string MicroshareTokenRefreshMargin = "MICROSHARE_TOKEN_REFRESH_MARGIN";
    public const string MicroshareCaFile = "MICROSHARE_CA_FILE";

    public const string EventHubConnectionString = "EVENTHUB_CONNECTION_STRING";
    public const string EventHubNamespace = "EVENTHUB_FULLY_QUALIFIED_NAMESPACE";
    public const string EventHubName = "EVENTHUB_NAME";
    public const string EventHubAuth = "EVENTHUB_AUTH";
    public const string EventHubTransport = "EVENTHUB_TRANSPORT";
    public const string EventHubMaxBatchSizeBytes = "EVENTHUB_MAX_BATCH_SIZE_BYTES";
    public const string EventHubTryTimeout = "EVENTHUB_TRY_TIMEOUT";
    public const string EventHubMaxRetries = "EVENTHUB_MAX_RETRIES";
    public const string EventHubCaFile = "EVENTHUB_CA_FILE";
    public const string EventHubCustomEndpoint = "EVENTHUB_CUSTOM_ENDPOINT_ADDRESS";
    public const string EventHubProxy = "EVENTHUB_PROXY";
    public const string EventHubPartitionKeyPath = "EVENTHUB_PARTITION_KEY_PATH";
    public const string EventHubEventFormat = "EVENTHUB_EVENT_FORMAT";

    /// <summary>
    /// Names of further destination hubs, comma-separated. Each name <c>N</c> reads the same
    /// <c>EVENTHUB_*</c> and <c>AZURE_*</c> settings with the prefix <c>N_</c>.
    /// </summary>
    public const string EventHubExtraDestinations = "EVENTHUB_EXTRA_DESTINATIONS";

    /// <summary>The standard proxy variable, used for AMQP over WebSockets when <see cref="EventHubProxy"/> is not set.</summary>
    public const string HttpsProxy = "HTTPS_PROXY";

    public const string AzureTenantId = "AZURE_TENANT_ID";
    public const string AzureClientId = "AZURE_CLIENT_ID";
    public const string AzureClientSecret = "AZURE_CLIENT_SECRET";
    public const string AzureClientCertificatePath = "AZURE_CLIENT_CERTIFICATE_PATH";
    public const string AzureFederatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE";
    public const string AzureAuthorityHost = "AZURE_AUTHORITY_HOST";
    public const string AzureCaFile = "AZURE_CA_FILE";

    public const string KeyVaultUri = "KEYVAULT_URI";
    public const string KeyVaultSecrets = "KEYVAULT_SECRETS";
    public const string KeyVaultCaFile = "KEYVAULT_CA_FILE";

    public const string FeedName = "FORWARDER_FEED_NAME";
    public const string FeedKind = "FORWARDER_FEED_KIND";
    public const string FeedsFile = "FORWARDER_FEEDS_FILE";
    public const string SettleDelay = "FORWARDER_SETTLE_DELAY";
    public const string InitialLookback = "FORWARDER_INITIAL_LOOKBACK";
    public const string MicroshareViewId = "MICROSHARE_VIEW_ID";
    public const string MicroshareDashboardKind = "MICROSHARE_DASHBOARD_KIND";
    public const string MicroshareDashboardDataContext = "MICROSHARE_DASHBOARD_DATA_CONTEXT";
    public const string MicroshareDashboardLocations = "MICROSHARE_DASHBOARD_LOCATIONS";
    public const string MicroshareDeviceCluster = "MICROSHARE_DEVICE_CLUSTER";
    public const string MicroshareLocationIdentity = "MICROSHARE_LOCATION_IDENTITY";
    public const string FeedOverlap = "FORWARDER_FEED_OVERLAP";
    public const string FeedMaxFutureSkew = "FORWARDER_MAX_FUTURE_SKEW";
    public const string FeedMaxRecordAge = "FORWARDER_MAX_RECORD_AGE";
    public const string StateDirectory = "FORWARDER_STATE_DIR";
    public const string DeliveredRetention = "FORWARDER_DELIVERED_RETENTION";
    public const string EnvFile = "FORWARDER_ENV_FILE";
    public const string MetricsTextfile = "FORWARDER_METRICS_TEXTFILE";

    /// <summary>The OpenTelemetry SDK's standard variable for the OTLP endpoint; metrics are exported over OTLP only when it is set.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The state directory that systemd's <c>StateDirectory=</c> sets.</summary>
    public const string SystemdStateDirectory = "STATE_DIRECTORY";

    /// <summary>The credentials directory that systemd's <c>LoadCredential=</c> sets.</summary>
    public const string SystemdCredentialsDirectory = "CREDENTIALS_DIRECTORY";
}
