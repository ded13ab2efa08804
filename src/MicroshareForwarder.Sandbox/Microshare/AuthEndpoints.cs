using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// <c>POST /oauth2/token</c> (password grant) and <c>POST /login</c> (web login that sets a
/// <c>PLAY_SESSION</c> cookie).
/// </summary>
internal sealed class AuthEndpoints(SimulatorState state)
{
    private readonly byte[] _sessionKey = RandomNumberGenerator.GetBytes(32);

    private readonly string _identity = new Guid(DeterministicHash.Mix(state.Options.Seed, 7, 7).ToString("x16") + "0000000000000000").ToString();

    /// <summary>
    /// Accepts the fields in the query string, a form body or a JSON body, as the real endpoint
    /// does. Body fields win over query fields of the same name.
    /// </summary>
    public async Task HandleTokenAsync(HttpContext context)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in context.Request.Query)
        {
            fields[pair.Key] = pair.Value.ToString();
        }

        if (!await TryReadBodyFieldsAsync(context, fields))
        {
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, """{"error":"invalid_request"}""", ResponseWriter.Json);
            return;
        }

        MicroshareSimulatorOptions options = state.Options;
        if (fields.TryGetValue("grant_type", out string? grantType) && grantType != "password")
        {
            Log.SignInRejected(state.Logger, "oauth2", "unsupported grant type");
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, """{"error":"unsupported_grant_type"}""", ResponseWriter.Json);
            return;
        }

        bool valid = FixedTimeEquals(fields.GetValueOrDefault("username"), options.Username)
            & FixedTimeEquals(fields.GetValueOrDefault("password"), options.Password)
            & FixedTimeEquals(fields.GetValueOrDefault("client_id"), options.ApiKey);
        if (!valid)
        {
            Log.SignInRejected(state.Logger, "oauth2", "invalid credentials or client_id");
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status401Unauthorized, """{"error":"invalid_grant"}""", ResponseWriter.Json);
            return;
        }

        (string token, DateTimeOffset expiresAt) = state.Tokens.Issue();
        Log.TokenIssued(state.Logger, "oauth2", expiresAt);

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", (long)options.TokenLifetime.TotalSeconds);
            writer.WriteString("token_type", "bearer");
            writer.WriteString("scope", fields.GetValueOrDefault("scope") ?? "ALL:ALL");
            writer.WriteStartObject("extended");
            writer.WriteString("identity", _identity);
            writer.WriteString("identityname", fields.GetValueOrDefault("identity") ?? "Sandbox Identity");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await ResponseWriter.WriteAsync(context, StatusCodes.Status200OK, buffer.WrittenSpan.ToArray(), ResponseWriter.Json);
    }

    /// <summary>
    /// Returns 303 with a <c>PLAY_SESSION</c> JWT cookie on success. Bad credentials get 200 with an
    /// HTML page and no cookie, so a client must check for 303 and the cookie, not for success.
    /// A missing <c>csrfToken</c> gets 403.
    /// NOTE: the real statuses for bad credentials and a missing csrfToken are not documented, so 200 and 403 are guesses.
    /// </summary>
    public async Task HandleLoginAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            Log.SignInRejected(state.Logger, "web login", "body is not a form");
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status400BadRequest, "Expected an application/x-www-form-urlencoded body");
            return;
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (string.IsNullOrEmpty(form["csrfToken"]))
        {
            Log.SignInRejected(state.Logger, "web login", "missing csrfToken");
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status403Forbidden, "CSRF token not found");
            return;
        }

        bool valid = FixedTimeEquals(form["username"], state.Options.Username)
            & FixedTimeEquals(form["password"], state.Options.Password);
        if (!valid)
        {
            Log.SignInRejected(state.Logger, "web login", "invalid credentials");
            await ResponseWriter.WriteTextAsync(
                context,
                StatusCodes.Status200OK,
                "<!DOCTYPE html><html><body><form method=\"post\" action=\"/login\"><p>Invalid username or password</p></form></body></html>",
                "text/html; charset=utf-8");
            return;
        }

        (string token, DateTimeOffset expiresAt) = state.Tokens.Issue();
        Log.TokenIssued(state.Logger, "web login", expiresAt);

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
        context.Response.Headers.Append(
            "Set-Cookie",
            $"PLAY_SESSION={CreateSessionJwt(token, expiresAt)}; Max-Age={(long)state.Options.TokenLifetime.TotalSeconds}; Path=/; SameSite=Lax; HTTPOnly");
    }

    private string CreateSessionJwt(string token, DateTimeOffset expiresAt)
    {
        long issuedAt = state.Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteString("access_token", token);
            writer.WriteEndObject();
            writer.WriteNumber("nbf", issuedAt);
            writer.WriteNumber("iat", issuedAt);
            writer.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        string header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        string payload = Base64Url.EncodeToString(buffer.WrittenSpan);
        byte[] signature = HMACSHA256.HashData(_sessionKey, Encoding.ASCII.GetBytes($"{header}.{payload}"));

        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    private static async Task<bool> TryReadBodyFieldsAsync(HttpContext context, Dictionary<string, string> fields)
    {
        HttpRequest request = context.Request;

        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(context.RequestAborted);
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in form)
            {
                fields[pair.Key] = pair.Value.ToString();
            }

            return true;
        }

        if (!request.HasJsonContentType())
        {
            return true;
        }

        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool FixedTimeEquals(string? actual, string expected) =>
        actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));
}
