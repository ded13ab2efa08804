using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Writes every simulator response body: compresses it when the request accepts gzip, brotli or
/// deflate, and applies a pending <see cref="FaultKind.TruncatedBody"/> or
/// <see cref="FaultKind.MalformedJson"/> fault.
/// </summary>
internal static class ResponseWriter
{
    /// <summary>Key of the body fault stored in <see cref="HttpContext.Items"/> for the current request.</summary>
    public static readonly object BodyFaultKey = new();

    public const string Json = "application/json";

    public const string Text = "text/plain; charset=utf-8";

    public static Task WriteTextAsync(HttpContext context, int statusCode, string text, string contentType = Text) =>
        WriteAsync(context, statusCode, Encoding.UTF8.GetBytes(text), contentType);

    public static async Task WriteAsync(HttpContext context, int statusCode, byte[] body, string contentType)
    {
        HttpResponse response = context.Response;
        var fault = context.Items[BodyFaultKey] as SimulatorFault;

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            body = body[..(body.Length / 2)];
        }

        (string? encoding, byte[] encoded) = Encode(context.Request.Headers.AcceptEncoding, body);

        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.Headers.Vary = "Accept-Encoding";
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = encoded.Length;

        if (fault?.Kind == FaultKind.TruncatedBody)
        {
            await response.Body.WriteAsync(encoded.AsMemory(0, encoded.Length / 2), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await response.Body.WriteAsync(encoded, context.RequestAborted);
    }

    private static (string? Encoding, byte[] Body) Encode(StringValues acceptEncoding, byte[] body)
    {
        string? encoding = ChooseEncoding(acceptEncoding);
        if (encoding is null)
        {
            return (null, body);
        }

        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(body);
        }

        return (encoding, output.ToArray());
    }

    /// <summary>Picks gzip, then brotli, then deflate among the codings the request accepts with a quality above zero.</summary>
    private static string? ChooseEncoding(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out IList<StringWithQualityHeaderValue>? codings))
        {
            return null;
        }

        var accepted = codings
            .Where(coding => coding.Quality is null or > 0)
            .Select(coding => coding.Value.ToString())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        if (accepted.Contains("gzip"))
        {
            return "gzip";
        }

        if (accepted.Contains("br"))
        {
            return "br";
        }

        return accepted.Contains("deflate") ? "deflate" : null;
    }
}
