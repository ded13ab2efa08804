using System.Net;
using System.Security.Authentication;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.Security;

namespace MicroshareForwarder.EventHubs;

/// <summary>Creates the Event Hubs producer for the configured credential, transport and endpoint.</summary>
internal static class EventHubClientFactory
{
    public static EventHubDestination DescribeDestination(EventHubOptions options)
    {
        if (options.ConnectionString is { } connectionString)
        {
            var properties = EventHubsConnectionStringProperties.Parse(connectionString);
            return new EventHubDestination(properties.Endpoint.Host, options.HubName ?? properties.EventHubName);
        }

        return new EventHubDestination(options.FullyQualifiedNamespace!, options.HubName!);
    }

    public static EventHubProducerClient CreateProducer(EventHubOptions options)
    {
        var clientOptions = new EventHubProducerClientOptions
        {
            ConnectionOptions = CreateConnectionOptions(options),
            RetryOptions = new EventHubsRetryOptions
            {
                CustomRetryPolicy = new ForwarderRetryPolicy(options.MaxRetries, options.TryTimeout),
            },
        };

        if (options.ConnectionString is { } connectionString)
        {
            var properties = EventHubsConnectionStringProperties.Parse(connectionString);
            return string.IsNullOrEmpty(properties.EventHubName)
                ? new EventHubProducerClient(connectionString, options.HubName, clientOptions)
                : new EventHubProducerClient(connectionString, clientOptions);
        }

        return new EventHubProducerClient(options.FullyQualifiedNamespace, options.HubName, CreateCredential(options), clientOptions);
    }

    /// <summary>
    /// Creates the Azure AD credential for <see cref="EventHubOptions.Auth"/>. With a CA file,
    /// the credential's HTTP transport trusts that CA in addition to the system store. With an
    /// authority host outside Azure's public and sovereign clouds, MSAL's instance discovery (a
    /// request to login.microsoftonline.com) is switched off, because that host could not vouch
    /// for a private authority anyway.
    /// </summary>
    public static TokenCredential CreateCredential(EventHubOptions options)
    {
        var credential = options.Credential;
        return options.Auth switch
        {
            EventHubAuthMode.ManagedIdentity => new ManagedIdentityCredential(Configure(
                new ManagedIdentityCredentialOptions(credential.ClientId is { } clientId
                    ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                    : ManagedIdentityId.SystemAssigned),
                credential)),
            EventHubAuthMode.ClientSecret => new ClientSecretCredential(
                credential.TenantId,
                credential.ClientId,
                credential.ClientSecret,
                Configure(new ClientSecretCredentialOptions(), credential, options => options.DisableInstanceDiscovery = true)),
            EventHubAuthMode.ClientCertificate => new ClientCertificateCredential(
                credential.TenantId,
                credential.ClientId,
                credential.ClientCertificatePath,
                Configure(new ClientCertificateCredentialOptions(), credential, options => options.DisableInstanceDiscovery = true)),
            EventHubAuthMode.WorkloadIdentity => new WorkloadIdentityCredential(Configure(
                new WorkloadIdentityCredentialOptions
                {
                    TenantId = credential.TenantId,
                    ClientId = credential.ClientId,
                    TokenFilePath = credential.FederatedTokenFile,
                },
                credential,
                options => options.DisableInstanceDiscovery = true)),
            _ => throw new InvalidOperationException($"{options.Auth} does not use an Azure AD credential."),
        };
    }

    /// <summary>Builds the SDK connection options: transport, proxy, custom endpoint and CA trust.</summary>
    internal static EventHubConnectionOptions CreateConnectionOptions(EventHubOptions options)
    {
        var connection = new EventHubConnectionOptions
        {
            TransportType = options.Transport == EventHubTransport.Amqp ? EventHubsTransportType.AmqpTcp : EventHubsTransportType.AmqpWebSockets,
        };

        if (options.Proxy is { } proxy && options.Transport == EventHubTransport.WebSockets)
        {
            connection.Proxy = new WebProxy(proxy);
        }

        if (options.CustomEndpointAddress is { } endpoint)
        {
            connection.CustomEndpointAddress = endpoint;
        }

        // NOTE: Azure.Messaging.EventHubs 5.12.2 passes this callback only to its TLS transport.
        // Over WebSockets its ClientWebSocket validates with the default trust store, so a private
        // CA must be trusted there (SSL_CERT_FILE or SSL_CERT_DIR on Linux) and EVENTHUB_CA_FILE has no effect.
        if (options.CaFile is { } caFile)
        {
            connection.CertificateValidationCallback = CertificateTrust.FromPemFile(caFile).Validate;
        }

        return connection;
    }

    /// <summary>Tells whether <paramref name="authorityHost"/> is one of the Azure clouds for which MSAL's instance discovery has metadata.</summary>
    internal static bool IsKnownAuthorityHost(Uri? authorityHost)
    {
        return authorityHost is null
            || authorityHost == AzureAuthorityHosts.AzurePublicCloud
            || authorityHost == AzureAuthorityHosts.AzureChina
            || authorityHost == AzureAuthorityHosts.AzureGovernment;
    }

    private static TOptions Configure<TOptions>(TOptions options, AzureCredentialOptions credential, Action<TOptions>? disableInstanceDiscovery = null)
        where TOptions : TokenCredentialOptions
    {
        if (credential.AuthorityHost is { } authority)
        {
            options.AuthorityHost = authority;
        }

        if (!IsKnownAuthorityHost(credential.AuthorityHost))
        {
            disableInstanceDiscovery?.Invoke(options);
        }

        if (credential.CaFile is { } caFile)
        {
            var trust = CertificateTrust.FromPemFile(caFile);
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
            handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            options.Transport = new HttpClientTransport(handler);
        }

        return options;
    }
}
