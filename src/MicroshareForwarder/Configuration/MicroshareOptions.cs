namespace MicroshareForwarder.Configuration;

/// <summary>Settings for signing in to Microshare and reading its API.</summary>
internal sealed class MicroshareOptions
{
    public required string Username { get; init; }

    public required string Password { get; init; }

    /// <summary>The app key created in the Microshare console, sent as the OAuth2 <c>client_id</c>.</summary>
    public required string ApiKey { get; init; }

    public MicroshareAuthMethod AuthMethod { get; init; } = MicroshareAuthMethod.OAuth2;

    /// <summary>Base URL of the OAuth2 token service.</summary>
    public required Uri AuthUrl { get; init; }

    /// <summary>Base URL of the data API that serves <c>/share</c> and <c>/device</c>.</summary>
    public required Uri ApiUrl { get; init; }

    /// <summary>Base URL of the web application, used only by the web login.</summary>
    public Uri? AppUrl { get; init; }

    /// <summary>The identity (organisation) the token acts for; empty for the account's default.</summary>
    public string? Identity { get; init; }

    /// <summary>The OAuth2 scope. Default <c>ALL:ALL</c>; <c>SHARE:READ</c> is enough for forwarding.</summary>
    public string Scope { get; init; } = "ALL:ALL";

    /// <summary>Records requested per page (<c>perPage</c>). Default 999, the API's own default.</summary>
    public int PageSize { get; init; } = 999;

    /// <summary>The most pages one feed reads in one run. Default 1,000.</summary>
    public int MaxPagesPerRun { get; init; } = 1000;

    /// <summary>Timeout of one HTTP request, retries excluded. Default 60 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a failed request (timeouts, 408, 429, 5xx) before the run gives up. Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry delay; later ones double, with jitter, up to 30 seconds. Default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A cached token is replaced once it expires within this margin. Default 10 minutes.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A PEM file of extra CA certificates to trust, for example a TLS-inspecting proxy's CA.</summary>
    public string? CaFile { get; init; }
}
