namespace MicroshareForwarder.Microshare;

/// <summary>
/// Reads the whole response body inside the handler chain, below the retry handler. Without
/// it, <see cref="HttpClient"/> buffers the body after the chain has returned, so a body
/// cut off mid-transfer fails outside the retries and ends the run instead of being fetched
/// again.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (IOException exception)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response body ended before its declared length.", exception);
        }
        catch (HttpRequestException)
        {
            response.Dispose();
            throw;
        }
    }
}
