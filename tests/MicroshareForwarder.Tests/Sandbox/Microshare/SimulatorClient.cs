using System.Net.Http.Headers;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

/// <summary>Small HTTP helpers for talking to a running simulator.</summary>
internal static class SimulatorClient
{
    public static HttpClient Create(MicroshareSimulator simulator) =>
        new() { BaseAddress = simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public static FormUrlEncodedContent TokenForm(string password = "sandbox-password") =>
        new(new Dictionary<string, string>
        {
            ["username"] = "sandbox-user",
            ["password"] = password,
            ["client_id"] = "sandbox-api-key",
            ["grant_type"] = "password",
            ["scope"] = "ALL:ALL",
        });

    public static async Task<string> GetTokenAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.PostAsync("oauth2/token", TokenForm());
        response.EnsureSuccessStatusCode();

        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Get(string token, string relativeUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, relativeUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        return request;
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient client, string token, string relativeUrl)
    {
        using HttpResponseMessage response = await client.SendAsync(Get(token, relativeUrl));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
    }

    public static List<string> Ids(JsonDocument page) =>
        page.RootElement.GetProperty("objs").EnumerateArray().Select(obj => obj.GetProperty("id").GetString()!).ToList();
}
