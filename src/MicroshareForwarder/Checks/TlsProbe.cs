using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Security;

namespace MicroshareForwarder.Checks;

/// <summary>
/// Connects to one host and completes a TLS handshake with the forwarder's own rules
/// (TLS 1.2 or newer, the system trust store plus the configured CA bundle), then closes
/// the connection without sending any application data.
/// </summary>
/// <remarks>
/// NOTE: the probe connects directly and ignores <c>HTTPS_PROXY</c> and <c>EVENTHUB_PROXY</c>,
/// so on a host that reaches the internet only through a proxy the reach line fails although
/// a run, which uses the proxy, may succeed.
/// </remarks>
internal static class TlsProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static async Task<CheckResult> ProbeAsync(HostEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var name = $"reach {endpoint.Authority} ({string.Join(", ", endpoint.Settings)})";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);

        using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true } };
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return CheckResult.Fail(name, $"The host name {endpoint.Host} could not be resolved ({exception.SocketErrorCode}): check {string.Join(" and ", endpoint.Settings)} and the VM's DNS settings.", ExitCodes.TemporaryFailure);
        }
        catch (SocketException exception)
        {
            return CheckResult.Fail(name, $"Connecting to {endpoint.Authority} failed ({exception.SocketErrorCode}): check {string.Join(" and ", endpoint.Settings)} and that a firewall or proxy allows outbound connections to this port.", ExitCodes.TemporaryFailure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail(name, $"Connecting to {endpoint.Authority} timed out after {ConnectTimeout.TotalSeconds:0} s: check that a firewall or proxy allows outbound connections to this port.", ExitCodes.TemporaryFailure);
        }

        if (!endpoint.UseTls)
        {
            var isLoopback = IPAddress.TryParse(endpoint.Host, out var address) ? IPAddress.IsLoopback(address) : endpoint.Host == "localhost";
            return isLoopback
                ? CheckResult.Pass(name, $"connected, {endpoint.PlainProtocol} (loopback only)")
                : CheckResult.Fail(name, $"{endpoint.Authority} is reached without TLS: use an https:// URL or remove UseDevelopmentEmulator from the connection string.", ExitCodes.Configuration);
        }

        return await HandshakeAsync(client, endpoint, name, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckResult> HandshakeAsync(TcpClient client, HostEndpoint endpoint, string name, CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        var trust = CertificateTrust.FromPemFile(endpoint.CaFile);
        var certificateErrors = SslPolicyErrors.None;
        var certificateRejected = false;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = endpoint.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                var accepted = trust.Validate(sender, certificate, chain, errors);
                certificateRejected = !accepted;
                certificateErrors = errors;
                return accepted;
            },
        };

        await using var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(options, timeoutToken).ConfigureAwait(false);
        }
        catch (AuthenticationException) when (certificateRejected)
        {
            var caHint = trust.HasExtraRoots
                ? $"the CA bundle in {endpoint.CaFileSetting} does not sign it either"
                : $"if a proxy or a private CA signs it, set {endpoint.CaFileSetting} to that CA certificate in PEM form";
            return CheckResult.Fail(name, $"The TLS certificate of {endpoint.Authority} is not trusted ({certificateErrors}): {caHint}. Certificate validation cannot be switched off.", ExitCodes.Configuration);
        }
        catch (AuthenticationException exception)
        {
            return CheckResult.Fail(name, $"The TLS handshake with {endpoint.Authority} failed ({exception.Message}): the server must support TLS 1.2 or newer.", ExitCodes.Configuration);
        }
        catch (IOException exception)
        {
            return CheckResult.Fail(name, $"The TLS handshake with {endpoint.Authority} failed ({exception.Message}): check that {string.Join(" and ", endpoint.Settings)} names a TLS endpoint.", ExitCodes.TemporaryFailure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail(name, $"The TLS handshake with {endpoint.Authority} timed out: check that {string.Join(" and ", endpoint.Settings)} names a TLS endpoint.", ExitCodes.TemporaryFailure);
        }

        return CheckResult.Pass(name, $"connected, {Describe(stream.SslProtocol)}, certificate trusted");
    }

    private static string Describe(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };
}
