using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorAuthTests
{
    [Fact]
    public async Task Token_FormBody_ReturnsHexBearerToken()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using HttpResponseMessage response = await client.PostAsync("oauth2/token", SimulatorClient.TokenForm());
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string token = body.RootElement.GetProperty("access_token").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(48 * 3600, body.RootElement.GetProperty("expires_in").GetInt64());
        Assert.Equal("bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.True(body.RootElement.GetProperty("extended").TryGetProperty("identity", out _));
        Assert.Equal(1, simulator.TokenRequests);
    }

    [Fact]
    public async Task Token_JsonBody_ReturnsToken()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using HttpResponseMessage response = await client.PostAsJsonAsync("oauth2/token", new
        {
            username = "sandbox-user",
            password = "sandbox-password",
            client_id = "sandbox-api-key",
            grant_type = "password",
            scope = "ALL:ALL",
        });
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(64, body.RootElement.GetProperty("access_token").GetString()!.Length);
    }

    [Fact]
    public async Task Token_QueryString_ReturnsToken()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using HttpResponseMessage response = await client.PostAsync(
            "oauth2/token?username=sandbox-user&password=sandbox-password&client_id=sandbox-api-key&grant_type=password&scope=ALL:ALL",
            content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["/oauth2/token"], simulator.RequestPaths);
    }

    [Fact]
    public async Task Token_BadPassword_Returns401()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using HttpResponseMessage response = await client.PostAsync("oauth2/token", SimulatorClient.TokenForm("wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_ValidForm_Returns303WithDecodableSession()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = simulator.BaseUrl };

        using HttpResponseMessage response = await client.PostAsync("login", LoginForm("sandbox-password"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("PLAY_SESSION=", cookie, StringComparison.Ordinal);
        string jwt = cookie["PLAY_SESSION=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        string[] parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);

        string payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using JsonDocument claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        string token = claims.RootElement.GetProperty("data").GetProperty("access_token").GetString()!;
        long expiry = claims.RootElement.GetProperty("exp").GetInt64();
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), (48 * 3600) - 60, 48 * 3600);

        using HttpResponseMessage page = await client.SendAsync(SimulatorClient.Get(token, "share/io.microshare.occupancy.unpacked?details=true"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Login_BadPassword_Returns200WithoutCookie()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = simulator.BaseUrl };

        using HttpResponseMessage response = await client.PostAsync("login", LoginForm("wrong"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Token_AfterLifetime_Rejected()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 14, 12, 0, 0, TimeSpan.Zero));
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10, TimeProvider = time });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        time.Advance(TimeSpan.FromHours(47));
        using HttpResponseMessage before = await client.SendAsync(SimulatorClient.Get(token, "share/io.microshare.occupancy.unpacked"));
        time.Advance(TimeSpan.FromHours(1));
        using HttpResponseMessage after = await client.SendAsync(SimulatorClient.Get(token, "share/io.microshare.occupancy.unpacked"));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ExpireAllTokens_NextPage_Returns401()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.ExpireAllTokens();
        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, "share/io.microshare.occupancy.unpacked"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_WithoutToken_Returns401()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 10 });
        using HttpClient client = SimulatorClient.Create(simulator);

        using HttpResponseMessage response = await client.GetAsync("share/io.microshare.occupancy.unpacked");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static FormUrlEncodedContent LoginForm(string password) =>
        new(new Dictionary<string, string>
        {
            ["csrfToken"] = "any",
            ["username"] = "sandbox-user",
            ["password"] = password,
        });
}
