using Azure.Core;
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

    public static TokenCredential CreateCredential(EventHubOptions options)
    {
        var credential = options.Credential;
        return options.Auth switch
        {
            EventHubAuthMode.ManagedIdentity => credential.ClientId is { } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
            EventHubAuthMode.ClientSecret => new ClientSecretCredential(
                credential.TenantId,
                credential.ClientId,
                credential.ClientSecret,
                WithAuthority(new ClientSecretCredentialOptions(), credential)),
            EventHubAuthMode.ClientCertificate => new ClientCertificateCredential(
                credential.TenantId,
                credential.ClientId,
                credential.ClientCertificatePath,
                WithAuthority(new ClientCertificateCredentialOptions(), credential)),
            EventHubAuthMode.WorkloadIdentity => new WorkloadIdentityCredential(WithAuthority(
                new WorkloadIdentityCredentialOptions
                {
                    TenantId = credential.TenantId,
                    ClientId = credential.ClientId,
                    TokenFilePath = credential.FederatedTokenFile,
                },
                credential)),
            _ => throw new InvalidOperationException($"{options.Auth} does not use an Azure AD credential."),
        };
    }

    private static EventHubConnectionOptions CreateConnectionOptions(EventHubOptions options)
    {
        var connection = new EventHubConnectionOptions
        {
            TransportType = options.Transport == EventHubTransport.Amqp ? EventHubsTransportType.AmqpTcp : EventHubsTransportType.AmqpWebSockets,
        };

        if (options.CustomEndpointAddress is { } endpoint)
        {
            connection.CustomEndpointAddress = endpoint;
        }

        if (options.CaFile is { } caFile)
        {
            connection.CertificateValidationCallback = CertificateTrust.FromPemFile(caFile).Validate;
        }

        return connection;
    }

    private static TOptions WithAuthority<TOptions>(TOptions options, AzureCredentialOptions credential)
        where TOptions : TokenCredentialOptions
    {
        if (credential.AuthorityHost is { } authority)
        {
            options.AuthorityHost = authority;
        }

        return options;
    }
}
