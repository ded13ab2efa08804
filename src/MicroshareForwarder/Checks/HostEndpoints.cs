using Azure.Messaging.EventHubs;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Checks;

/// <summary>Lists the hosts that a run connects to, from the validated options.</summary>
internal static class HostEndpoints
{
    public const string MicroshareService = "Microshare";

    /// <summary>The service name of a destination's host is this followed by a space and the destination's name.</summary>
    public const string EventHubsService = "Event Hubs";

    /// <summary>The Event Hubs port for AMQP over TLS.</summary>
    private const int AmqpsPort = 5671;

    /// <summary>The Event Hubs port for AMQP over WebSockets (HTTPS).</summary>
    private const int WebSocketsPort = 443;

    public static IReadOnlyList<HostEndpoint> List(ForwarderOptions options)
    {
        var endpoints = new List<HostEndpoint>();
        AddMicroshare(endpoints, options.Microshare);
        foreach (var destination in options.EventHubs)
        {
            endpoints.Add(DescribeEventHubs(destination));
        }

        return endpoints;
    }

    private static void AddMicroshare(List<HostEndpoint> endpoints, MicroshareOptions options)
    {
        var urls = new List<(string Setting, Uri Url)> { (SettingNames.MicroshareApiUrl, options.ApiUrl) };
        if (options.AuthMethod == MicroshareAuthMethod.OAuth2)
        {
            urls.Insert(0, (SettingNames.MicroshareAuthUrl, options.AuthUrl));
        }
        else if (options.AppUrl is { } appUrl)
        {
            urls.Insert(0, (SettingNames.MicroshareAppUrl, appUrl));
        }

        // Settings that point at the same host and port share one line.
        foreach (var group in urls.GroupBy(url => (url.Url.Scheme, url.Url.Host, url.Url.Port)))
        {
            var useTls = group.Key.Scheme == Uri.UriSchemeHttps;
            endpoints.Add(new HostEndpoint(
                MicroshareService,
                group.Key.Host.Trim('[', ']'),
                group.Key.Port,
                useTls,
                "plain http",
                group.Select(url => url.Setting).ToList(),
                SettingNames.MicroshareCaFile,
                options.CaFile));
        }
    }

    /// <summary>Describes one destination's Event Hubs host; its settings carry the destination's prefix, empty for the first.</summary>
    public static HostEndpoint DescribeEventHubs(EventHubOptions options)
    {
        var prefix = options.Name == "default" ? string.Empty : options.Name.ToUpperInvariant() + "_";
        var defaultPort = options.Transport == EventHubTransport.Amqp ? AmqpsPort : WebSocketsPort;
        if (options.CustomEndpointAddress is { } custom)
        {
            var port = custom.IsDefaultPort ? defaultPort : custom.Port;
            return new HostEndpoint(EventHubsService + " " + options.Name, custom.Host.Trim('[', ']'), port, UseTls: true, "plain AMQP", [prefix + SettingNames.EventHubCustomEndpoint], prefix + SettingNames.EventHubCaFile, options.CaFile);
        }

        if (options.ConnectionString is { } connectionString)
        {
            var properties = EventHubsConnectionStringProperties.Parse(connectionString);
            var endpoint = properties.Endpoint;

            // The development-emulator flag makes the SDK connect without TLS, to the port in the endpoint.
            var port = endpoint.IsDefaultPort || endpoint.Port <= 0 ? defaultPort : endpoint.Port;
            return new HostEndpoint(EventHubsService + " " + options.Name, endpoint.Host.Trim('[', ']'), port, !UsesDevelopmentEmulator(connectionString), "plain AMQP", [prefix + SettingNames.EventHubConnectionString], prefix + SettingNames.EventHubCaFile, options.CaFile);
        }

        return new HostEndpoint(EventHubsService + " " + options.Name, options.FullyQualifiedNamespace!, defaultPort, UseTls: true, "plain AMQP", [prefix + SettingNames.EventHubNamespace], prefix + SettingNames.EventHubCaFile, options.CaFile);
    }

    private static bool UsesDevelopmentEmulator(string connectionString)
    {
        return connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(part => string.Equals(part.Replace(" ", string.Empty, StringComparison.Ordinal), "UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase));
    }
}
