using System.Net;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Microshare;
using Microsoft.Extensions.Time.Testing;

namespace MicroshareForwarder.Tests.Sandbox.Microshare;

public sealed class MicroshareSimulatorFaultTests
{
    private const string Path = "share/io.microshare.occupancy.unpacked";

    [Theory]
    [InlineData(FaultKind.Unauthorized401, HttpStatusCode.Unauthorized)]
    [InlineData(FaultKind.ServerError500, HttpStatusCode.InternalServerError)]
    [InlineData(FaultKind.Unavailable503, HttpStatusCode.ServiceUnavailable)]
    [InlineData(FaultKind.GatewayTimeout504, HttpStatusCode.GatewayTimeout)]
    public async Task StatusFault_MatchingPage_AnswersOnceWithStatus(FaultKind kind, HttpStatusCode expected)
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 20 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.EnqueueFault(new SimulatorFault(kind, PathPrefix: "/share", Page: 2));
        using HttpResponseMessage page1 = await client.SendAsync(SimulatorClient.Get(token, $"{Path}?perPage=10&page=1"));
        using HttpResponseMessage page2 = await client.SendAsync(SimulatorClient.Get(token, $"{Path}?perPage=10&page=2"));
        using HttpResponseMessage retry = await client.SendAsync(SimulatorClient.Get(token, $"{Path}?perPage=10&page=2"));

        Assert.Equal(HttpStatusCode.OK, page1.StatusCode);
        Assert.Equal(expected, page2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(3, simulator.PageRequests);
    }

    [Fact]
    public async Task TooManyRequests_SetsRetryAfterSeconds()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 5 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.TooManyRequests429) { RetryAfter = TimeSpan.FromSeconds(7) });
        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, Path));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Fault_PathPrefix_SkipsOtherPaths()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 5 });
        using HttpClient client = SimulatorClient.Create(simulator);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.ServerError500, PathPrefix: "/share"));
        string token = await SimulatorClient.GetTokenAsync(client);
        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, Path));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Fault_OnTokenEndpoint_FailsSignIn()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 5 });
        using HttpClient client = SimulatorClient.Create(simulator);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.Unavailable503, PathPrefix: "/oauth2/token"));
        using HttpResponseMessage failed = await client.PostAsync("oauth2/token", SimulatorClient.TokenForm());
        using HttpResponseMessage succeeded = await client.PostAsync("oauth2/token", SimulatorClient.TokenForm());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, succeeded.StatusCode);
        Assert.Equal(2, simulator.TokenRequests);
    }

    [Fact]
    public async Task TruncatedBody_AbortsMidBody()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 50 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.TruncatedBody, PathPrefix: "/share"));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(SimulatorClient.Get(token, $"{Path}?details=true")));
    }

    [Fact]
    public async Task MalformedJson_CompleteResponseInvalidJson()
    {
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 50 });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.MalformedJson, PathPrefix: "/share"));
        using HttpResponseMessage response = await client.SendAsync(SimulatorClient.Get(token, $"{Path}?details=true"));
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Delay_WaitsOnSimulatorClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 14, 12, 0, 0, TimeSpan.Zero));
        await using MicroshareSimulator simulator = await MicroshareSimulator.StartAsync(new() { RecordCount = 5, TimeProvider = time });
        using HttpClient client = SimulatorClient.Create(simulator);
        string token = await SimulatorClient.GetTokenAsync(client);

        simulator.EnqueueFault(new SimulatorFault(FaultKind.Delay, PathPrefix: "/share") { Delay = TimeSpan.FromHours(1) });
        Task<HttpResponseMessage> request = client.SendAsync(SimulatorClient.Get(token, Path));

        TimeSpan advanced = TimeSpan.Zero;
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (!request.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMinutes(15));
            advanced += TimeSpan.FromMinutes(15);
            await Task.WhenAny(request, Task.Delay(20));
        }

        using HttpResponseMessage response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromHours(1), $"completed after only {advanced} of simulated time");
    }
}
