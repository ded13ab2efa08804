namespace MicroshareForwarder.Configuration;

/// <summary>How the forwarder signs in to Microshare.</summary>
internal enum MicroshareAuthMethod
{
    /// <summary>The documented OAuth2 password grant on the auth host.</summary>
    OAuth2,

    /// <summary>The web application's login form, which returns a JWT in a <c>PLAY_SESSION</c> cookie.</summary>
    WebLogin,
}
