using Azure.Messaging.EventHubs;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// Event Hubs settings and their effect on the SDK's connection options. The transport and
/// proxy are checked here because the loopback endpoint serves no AMQP over WebSockets.
/// </summary>
public sealed class EventHubSettingsTests
{
    private const string CloudConnectionString = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2FuZGJveA==;EntityPath=telemetry";
    private const string EmulatorConnectionString = "Endpoint=sb://127.0.0.1:5672/;SharedAccessKeyName=send;SharedAccessKey=c2FuZGJveA==;EntityPath=telemetry;UseDevelopmentEmulator=true";

    [Fact]
    public void Transport_Default_IsWebSockets()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Equal(EventHubTransport.WebSockets, options.EventHub.Transport);
        Assert.Equal(EventHubsTransportType.AmqpWebSockets, connection.TransportType);
        Assert.Null(connection.Proxy);
    }

    [Fact]
    public void Transport_DevelopmentEmulator_IsAmqp()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = EmulatorConnectionString });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Equal(EventHubsTransportType.AmqpTcp, connection.TransportType);
    }

    [Fact]
    public void Transport_ExplicitAmqp_IsAmqpTcp()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString, ["EVENTHUB_TRANSPORT"] = "amqp" });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Equal(EventHubsTransportType.AmqpTcp, connection.TransportType);
    }

    [Fact]
    public void Proxy_EventHubProxy_WinsOverHttpsProxy()
    {
        var options = Read(new()
        {
            ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString,
            ["EVENTHUB_PROXY"] = "http://127.0.0.1:3128",
            ["HTTPS_PROXY"] = "http://127.0.0.1:8080",
        });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Equal(new Uri("http://127.0.0.1:3128"), options.EventHub.Proxy);
        Assert.NotNull(connection.Proxy);
        Assert.Equal(new Uri("http://127.0.0.1:3128/"), connection.Proxy.GetProxy(new Uri("https://contoso.servicebus.windows.net/")));
    }

    [Fact]
    public void Proxy_HttpsProxyAlone_IsUsed()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString, ["HTTPS_PROXY"] = "http://127.0.0.1:8080" });

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.EventHub.Proxy);
    }

    [Fact]
    public void Proxy_HttpsProxyWithAmqp_IsIgnored()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString, ["HTTPS_PROXY"] = "http://127.0.0.1:8080", ["EVENTHUB_TRANSPORT"] = "amqp" });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Null(options.EventHub.Proxy);
        Assert.Null(connection.Proxy);
    }

    [Fact]
    public void Proxy_EventHubProxyWithAmqp_IsRejected()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Read(new()
        {
            ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString,
            ["EVENTHUB_PROXY"] = "http://127.0.0.1:3128",
            ["EVENTHUB_TRANSPORT"] = "amqp",
        }));

        Assert.Contains("EVENTHUB_PROXY", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomEndpoint_IsPassedToSdk()
    {
        var options = Read(new() { ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString, ["EVENTHUB_CUSTOM_ENDPOINT_ADDRESS"] = "amqps://10.0.0.5:443" });

        var connection = EventHubClientFactory.CreateConnectionOptions(options.EventHub);

        Assert.Equal(new Uri("amqps://10.0.0.5:443"), connection.CustomEndpointAddress);
    }

    [Fact]
    public void PartitionKeyPath_Invalid_IsRejected()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Read(new()
        {
            ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString,
            ["EVENTHUB_PARTITION_KEY_PATH"] = "data.device.id",
        }));

        Assert.Contains("JSON Pointer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HubName_DiffersFromEntityPath_IsRejected()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Read(new()
        {
            ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString,
            ["EVENTHUB_NAME"] = "other",
        }));

        Assert.Contains("EntityPath", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraDestination_ReadsPrefixedSettings()
    {
        var options = Read(new()
        {
            ["EVENTHUB_CONNECTION_STRING"] = CloudConnectionString,
            ["EVENTHUB_EXTRA_DESTINATIONS"] = "tenantb",
            ["TENANTB_EVENTHUB_FULLY_QUALIFIED_NAMESPACE"] = "fabrikam.servicebus.windows.net",
            ["TENANTB_EVENTHUB_NAME"] = "occupancy",
            ["TENANTB_EVENTHUB_AUTH"] = "client-secret",
            ["TENANTB_AZURE_TENANT_ID"] = "tenant",
            ["TENANTB_AZURE_CLIENT_ID"] = "client",
            ["TENANTB_AZURE_CLIENT_SECRET"] = "secret",
            ["TENANTB_EVENTHUB_EVENT_FORMAT"] = "structured",
        });

        Assert.Equal(2, options.EventHubs.Count);
        var second = options.EventHubs[1];
        Assert.Equal("tenantb", second.Name);
        Assert.Equal(EventHubAuthMode.ClientSecret, second.Auth);
        Assert.Equal("fabrikam.servicebus.windows.net/occupancy", EventHubClientFactory.DescribeDestination(second).Key);
        Assert.Equal(EventFormat.Structured, second.EventFormat);
        Assert.Equal(EventFormat.Binary, options.EventHub.EventFormat);
    }

    [Fact]
    public void AuthorityHost_Private_IsNotKnownCloud()
    {
        Assert.True(EventHubClientFactory.IsKnownAuthorityHost(null));
        Assert.True(EventHubClientFactory.IsKnownAuthorityHost(new Uri("https://login.microsoftonline.us/")));
        Assert.False(EventHubClientFactory.IsKnownAuthorityHost(new Uri("https://127.0.0.1:8443/")));
    }

    private static ForwarderOptions Read(Dictionary<string, string?> eventHubSettings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["MICROSHARE_USERNAME"] = "user",
            ["MICROSHARE_PASSWORD"] = "password",
            ["MICROSHARE_API_KEY"] = "key",
            ["MICROSHARE_AUTH_URL"] = "https://127.0.0.1:9/",
            ["MICROSHARE_API_URL"] = "https://127.0.0.1:9/",
            ["MICROSHARE_RECTYPE"] = "io.microshare.occupancy.unpacked",
            ["FORWARDER_STATE_DIR"] = "/tmp/forwarder-settings-test",
        };
        foreach (var (key, value) in eventHubSettings)
        {
            values[key] = value;
        }

        return ForwarderOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
