using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;

namespace MicroshareForwarder.Checks;

/// <summary>
/// The checks that <c>microshare-forwarder check</c> runs after the configuration loaded:
/// the state directory, each host over TLS, the Microshare sign-in, the Azure AD token and
/// the Event Hub's properties. Nothing is sent to the hub and no token is cached.
/// </summary>
internal sealed class ForwarderChecks
{
    /// <summary>The Azure AD scope of Event Hubs data-plane tokens.</summary>
    private const string EventHubsScope = "https://eventhubs.azure.net/.default";

    private readonly ForwarderOptions _options;
    private readonly IMicroshareSignIn _signIn;

    public ForwarderChecks(ForwarderOptions options, IMicroshareSignIn signIn)
    {
        _options = options;
        _signIn = signIn;
    }

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<CheckResult> { CheckStateDirectory() };

        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in HostEndpoints.List(_options))
        {
            var reach = await TlsProbe.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
            results.Add(reach);
            if (reach.Status == CheckStatus.Fail)
            {
                unreachable.Add(endpoint.Service);
            }
        }

        // A request to a host that failed its reach line would only repeat that failure after the retries.
        results.Add(unreachable.Contains(HostEndpoints.MicroshareService)
            ? CheckResult.Skip(SignInCheckName, "not tried, because a Microshare host failed its reach line above")
            : await CheckSignInAsync(cancellationToken).ConfigureAwait(false));
        foreach (var destination in _options.EventHubs)
        {
            results.Add(await CheckAzureTokenAsync(destination, cancellationToken).ConfigureAwait(false));
            results.Add(unreachable.Contains(HostEndpoints.DescribeEventHubs(destination).Service)
                ? CheckResult.Skip(EventHubCheckName(destination), "not tried, because the Event Hubs host failed its reach line above")
                : await CheckEventHubAsync(destination, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private CheckResult CheckStateDirectory()
    {
        const string Name = "state directory";
        try
        {
            StateDirectory.Prepare(_options.State.Directory);
            return CheckResult.Pass(Name, $"{_options.State.Directory} exists and other users cannot write to it");
        }
        catch (ConfigurationException exception)
        {
            return CheckResult.Fail(Name, exception.Problems[0], ExitCodes.Configuration);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(Name, $"The state directory {_options.State.Directory} cannot be created or read ({exception.Message}): create it and make this user its owner, for example with systemd's StateDirectory=.", ExitCodes.Configuration);
        }
    }

    private string SignInCheckName => $"microshare sign-in ({_options.Microshare.AuthMethod})";

    private static string EventHubCheckName(EventHubOptions destination) =>
        $"event hub '{EventHubClientFactory.DescribeDestination(destination).HubName}'" + DestinationSuffix(destination);

    private static string DestinationSuffix(EventHubOptions destination) =>
        destination.Name == "default" ? string.Empty : $" (destination {destination.Name})";

    private async Task<CheckResult> CheckSignInAsync(CancellationToken cancellationToken)
    {
        var name = SignInCheckName;
        try
        {
            var token = await _signIn.SignInAsync(cancellationToken).ConfigureAwait(false);
            return CheckResult.Pass(name, $"signed in as the configured user, token valid until {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC");
        }
        catch (MicroshareAuthenticationException exception)
        {
            return CheckResult.Fail(name, exception.Message, ExitCodes.NoPermission);
        }
        catch (MicroshareRequestException exception)
        {
            return CheckResult.Fail(name, exception.Message, Pipeline.FailureClassifier.Classify(exception));
        }
    }

    private static async Task<CheckResult> CheckAzureTokenAsync(EventHubOptions destination, CancellationToken cancellationToken)
    {
        var name = "azure ad token" + DestinationSuffix(destination);
        if (destination.Auth == EventHubAuthMode.ConnectionString)
        {
            return CheckResult.Skip(name, $"{SettingNames.EventHubConnectionString} signs requests with a SAS key, so no Azure AD token is needed");
        }

        try
        {
            var credential = EventHubClientFactory.CreateCredential(destination);
            var token = await credential.GetTokenAsync(new TokenRequestContext([EventHubsScope]), cancellationToken).ConfigureAwait(false);
            return CheckResult.Pass(name, $"token for Event Hubs obtained with {destination.Auth}, valid until {token.ExpiresOn:yyyy-MM-dd HH:mm} UTC");
        }
        catch (CredentialUnavailableException exception)
        {
            return CheckResult.Fail(name, $"The {destination.Auth} credential is not available on this host ({FirstLine(exception.Message)}): set {SettingNames.EventHubAuth} to the mode this VM supports.", ExitCodes.Configuration);
        }
        catch (AuthenticationFailedException exception)
        {
            return CheckResult.Fail(name, $"Azure AD rejected the {destination.Auth} credential ({FirstLine(exception.Message)}): check {SettingNames.AzureTenantId}, {SettingNames.AzureClientId} and the secret, certificate or token file, and that the identity exists.", ExitCodes.NoPermission);
        }
    }

    private static async Task<CheckResult> CheckEventHubAsync(EventHubOptions options, CancellationToken cancellationToken)
    {
        var destination = EventHubClientFactory.DescribeDestination(options);
        var name = EventHubCheckName(options);
        var target = $"Event Hub '{destination.HubName}' in namespace '{destination.FullyQualifiedNamespace}'";

        try
        {
            await using var producer = EventHubClientFactory.CreateProducer(options);
            var properties = await producer.GetEventHubPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return CheckResult.Pass(name, $"properties read: {properties.PartitionIds.Length} partitions, nothing sent");
        }
        catch (UnauthorizedAccessException)
        {
            return CheckResult.Fail(name, $"{target} refused to authorize the request: give the forwarder's identity the 'Azure Event Hubs Data Sender' role on the hub or the namespace, or check {SettingNames.EventHubConnectionString}'s key.", ExitCodes.NoPermission);
        }
        catch (EventHubsException exception) when (exception.Reason == EventHubsException.FailureReason.ResourceNotFound)
        {
            return CheckResult.Fail(name, $"{target} does not exist: check {SettingNames.EventHubName} (or EntityPath in {SettingNames.EventHubConnectionString}) and {SettingNames.EventHubNamespace}.", ExitCodes.Configuration);
        }
        catch (AuthenticationFailedException exception)
        {
            return CheckResult.Fail(name, $"No Azure AD token for {target} ({FirstLine(exception.Message)}): fix the azure ad token line first.", ExitCodes.NoPermission);
        }
        catch (Exception exception) when (exception is EventHubsException or TimeoutException or IOException or System.Net.Sockets.SocketException or CredentialUnavailableException)
        {
            return CheckResult.Fail(name, $"Reading the properties of {target} failed ({exception.GetType().Name}: {FirstLine(exception.Message)}): check the reach line for the Event Hubs host and {SettingNames.EventHubTransport}.", ExitCodes.TemporaryFailure);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
