using System.Net;
using System.Security.Authentication;
using Polly.Timeout;

namespace MicroshareForwarder.Microshare;

/// <summary>
/// Sends Microshare requests and turns transport failures into
/// <see cref="MicroshareRequestException"/> messages that name the host and the fix but
/// never the URL's query string.
/// </summary>
internal static class MicroshareHttp
{
    /// <summary>
    /// Set on View queries. Microshare answers 503 to a View whose parameters cannot be filled in,
    /// so the retry policy does not repeat a View's 503.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> ViewQuery = new("microshare.view-query");

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string purpose, CancellationToken cancellationToken)
    {
        var host = request.RequestUri?.Authority ?? "(unknown host)";
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (FindInner<AuthenticationException>(exception) is { } tlsFailure)
        {
            throw new MicroshareRequestException(DescribeTlsFailure(host, purpose, tlsFailure), isTransient: false, innerException: exception);
        }
        catch (HttpRequestException exception)
        {
            throw new MicroshareRequestException($"Could not reach {host} for {purpose}: {exception.HttpRequestError} ({exception.Message}).", isTransient: true, innerException: exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new MicroshareRequestException($"{purpose} at {host} timed out after its retries.", isTransient: true, innerException: exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MicroshareRequestException($"{purpose} at {host} timed out.", isTransient: true, innerException: exception);
        }
    }

    /// <summary>Throws unless the response is a success; 408, 429 and 5xx count as transient.</summary>
    public static Task EnsureSuccessAsync(HttpResponseMessage response, string purpose, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return Task.CompletedTask;
        }

        var status = (int)response.StatusCode;
        var host = response.RequestMessage?.RequestUri?.Authority ?? "(unknown host)";
        var isTransient = status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        var outcome = isTransient ? "a later run will try again" : "check the setting named below";
        throw new MicroshareRequestException($"{purpose} at {host} failed with HTTP {status} after its retries; {outcome}.", isTransient, status);
    }

    private static string DescribeTlsFailure(string host, string purpose, AuthenticationException failure)
    {
        var text = failure.Message;
        if (text.Contains("certificate", StringComparison.OrdinalIgnoreCase))
        {
            return $"The TLS certificate of {host} is not trusted ({purpose}): if a proxy inspects TLS, set MICROSHARE_CA_FILE to its CA certificate in PEM form; certificate validation cannot be switched off.";
        }

        return $"The TLS handshake with {host} failed ({purpose}): the server must support TLS 1.2 or newer, which the forwarder requires. Upgrade the server or the proxy in between, or point the URL setting at a host that offers TLS 1.2.";
    }

    private static TException? FindInner<TException>(Exception exception)
        where TException : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is TException match)
            {
                return match;
            }
        }

        return null;
    }
}
