namespace MicroshareForwarder.Microshare;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients that talk to Microshare.</summary>
internal static class MicroshareHttpClients
{
    /// <summary>The data API and the OAuth2 token service.</summary>
    public const string Api = "microshare";

    /// <summary>The web login, which must see the 303 and its cookie, so it follows no redirect and keeps no cookies.</summary>
    public const string WebLogin = "microshare-web-login";
}
