namespace MicroshareForwarder.Configuration;

/// <summary>How the forwarder authenticates to Event Hubs.</summary>
internal enum EventHubAuthMode
{
    /// <summary>A shared access signature connection string; bypasses Azure AD RBAC.</summary>
    ConnectionString,

    /// <summary>The VM's or container's managed identity.</summary>
    ManagedIdentity,

    /// <summary>A service principal with a client secret.</summary>
    ClientSecret,

    /// <summary>A service principal with a certificate.</summary>
    ClientCertificate,

    /// <summary>A federated token file, as Kubernetes workload identity provides.</summary>
    WorkloadIdentity,
}
