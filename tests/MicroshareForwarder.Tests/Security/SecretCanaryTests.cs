using System.Diagnostics;
using System.Security.Cryptography;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Security;

/// <summary>
/// Runs the end-to-end scenarios with a unique canary value for every secret. A test fails if
/// a canary, a Microshare bearer token or the sign-in form appears anywhere it is scanned for:
/// stdout, stderr (text and JSON logs at debug level), state.json, the SQLite store and its
/// WAL, and every sent event.
/// </summary>
public sealed class SecretCanaryTests
{
    [Fact]
    public async Task Canary_SuccessfulRuns_LeakNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(3000);

        var first = await scenario.RunAsync();
        scenario.Fixture.Sandbox.Simulator.ExpireAllTokens();
        scenario.Fixture.Sandbox.Simulator.InsertRecords(10);
        var second = await scenario.RunAsync(logFormat: "text");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(2, scenario.Fixture.Sandbox.Simulator.IssuedTokens.Count);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_WrongPassword_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(50);
        var wrongPassword = CanaryScenario.NewCanary("wrongpassword");
        scenario.Secrets["the wrong Microshare password"] = wrongPassword;

        var result = await scenario.RunAsync(new Dictionary<string, string> { ["MICROSHARE_PASSWORD"] = wrongPassword });

        Assert.Equal(77, result.ExitCode);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_EventHubsUnauthorized_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(50, EventHubsFault.Unauthorized);

        var result = await scenario.RunAsync(new Dictionary<string, string> { ["EVENTHUB_MAX_RETRIES"] = "0" });

        Assert.Equal(77, result.ExitCode);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_UnknownHub_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(50);
        var connectionString = scenario.Settings["EVENTHUB_CONNECTION_STRING"].Replace("EntityPath=telemetry", "EntityPath=no-such-hub", StringComparison.Ordinal);

        var result = await scenario.RunAsync(new Dictionary<string, string> { ["EVENTHUB_CONNECTION_STRING"] = connectionString });

        Assert.Equal(78, result.ExitCode);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_InvalidConfiguration_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(10);
        var brokenConnectionString = $"SharedAccessKeyName=sandbox;SharedAccessKey={scenario.Secrets["the SAS key"]}";

        var result = await scenario.RunAsync(new Dictionary<string, string> { ["EVENTHUB_CONNECTION_STRING"] = brokenConnectionString, ["MICROSHARE_AUTH_URL"] = "not a url" });

        Assert.Equal(78, result.ExitCode);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_CheckCommand_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(10);
        var wrongPassword = CanaryScenario.NewCanary("wrongpassword");
        scenario.Secrets["the wrong Microshare password"] = wrongPassword;

        var passing = await scenario.InvokeAsync(["check", "--output", "json", "--log-format", "json", "--verbose"]);
        var failing = await scenario.InvokeAsync(["check", "--log-format", "json", "--verbose"], new Dictionary<string, string> { ["MICROSHARE_PASSWORD"] = wrongPassword });

        Assert.Equal(0, passing.ExitCode);
        Assert.Equal(77, failing.ExitCode);
        scenario.AssertNoLeaks();
    }

    [Fact]
    public async Task Canary_KilledRunThenRerun_LeaksNoSecret()
    {
        await using var scenario = await CanaryScenario.StartAsync(3000);
        var sandbox = scenario.Fixture.Sandbox;

        // The third page is held back, so the kill lands after two pages were published and before the run ends.
        sandbox.Simulator.EnqueueFault(new SimulatorFault(FaultKind.Delay, "/share", Page: 3) { Delay = TimeSpan.FromSeconds(30) });
        var killed = await scenario.RunProcessUntilKilledAsync(async () =>
        {
            await sandbox.EventHubs.WaitForCountAsync(sandbox.HubName, 1, TimeSpan.FromSeconds(60));
            await WaitUntilAsync(() => sandbox.Simulator.PageRequests >= 3, TimeSpan.FromSeconds(60));
        });
        var rerun = await scenario.RunAsync();

        Assert.True(killed, "The run finished before it could be killed.");
        Assert.Equal(0, rerun.ExitCode);
        var check = DeliveryCheck.Compare(sandbox.Simulator.Records, sandbox.EventHubs.GetReceived(sandbox.HubName));
        Assert.Equal(3000, check.Distinct);
        scenario.AssertNoLeaks();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The condition did not hold within {timeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    [Fact]
    public void Scanner_PlantedCanary_IsReported()
    {
        var scanner = new LeakScanner();
        scanner.AddText("stderr", "sign-in failed for password=canary-1234");
        scanner.AddText("token_cache.json", "{\"token\":\"abcd\"}");
        scanner.AddText("state.json", "{\"token\":\"abcd\"}");

        var leaks = scanner.FindLeaks(new Dictionary<string, string> { ["the password"] = "canary-1234" }, ["abcd"]);

        Assert.Equal(["the password appears in stderr", "a Microshare bearer token appears in state.json"], leaks);
    }

    /// <summary>A sandbox whose secrets are fresh canaries, and everything the forwarder wrote or sent while running against it.</summary>
    private sealed class CanaryScenario : IAsyncDisposable
    {
        private readonly LeakScanner _scanner = new();

        private CanaryScenario(SandboxFixture fixture, Dictionary<string, string> secrets)
        {
            Fixture = fixture;
            Secrets = secrets;
            Settings = fixture.Sandbox.CreateSettings(fixture.StateDirectory);
        }

        public SandboxFixture Fixture { get; }

        /// <summary>Secret values by label; tests add the ones they introduce.</summary>
        public Dictionary<string, string> Secrets { get; }

        public IReadOnlyDictionary<string, string> Settings { get; }

        public static async Task<CanaryScenario> StartAsync(int recordCount, EventHubsFault fault = EventHubsFault.None)
        {
            var password = NewCanary("password");
            var apiKey = NewCanary("apikey");
            var sasKey = NewCanary("saskey");
            var fixture = await SandboxFixture.StartAsync(new SandboxEnvironmentOptions
            {
                RecordCount = recordCount,
                MicrosharePassword = password,
                MicroshareApiKey = apiKey,
                EventHubsSharedAccessKey = sasKey,
                EventHubsFault = fault,
            });

            var secrets = new Dictionary<string, string>
            {
                ["the Microshare password"] = password,
                ["the Microshare API key"] = apiKey,
                ["the SAS key"] = sasKey,
                ["the sign-in form"] = SignInForm(fixture.Sandbox.CreateSettings(fixture.StateDirectory)),
            };
            return new CanaryScenario(fixture, secrets);
        }

        public static string NewCanary(string purpose) => $"canary{purpose}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

        public Task<ForwarderResult> RunAsync(IReadOnlyDictionary<string, string>? settings = null, string logFormat = "json")
        {
            return InvokeAsync(["run", "--output", "json", "--log-format", logFormat, "--verbose"], settings);
        }

        public async Task<ForwarderResult> InvokeAsync(string[] args, IReadOnlyDictionary<string, string>? settings = null)
        {
            var result = await ForwarderRunner.InvokeAsync([.. args, "--env-file", Fixture.EnvFile], settings);
            _scanner.AddText($"stdout of {string.Join(' ', args)}", result.Output);
            _scanner.AddText($"stderr of {string.Join(' ', args)}", result.Error);
            return result;
        }

        /// <summary>
        /// Starts <c>run</c> as a child process, waits for <paramref name="inProgress"/>, then kills the
        /// process with SIGKILL. Returns false when the process had already exited by then.
        /// </summary>
        public async Task<bool> RunProcessUntilKilledAsync(Func<Task> inProgress)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { ForwarderBinary.DllPath, "run", "--env-file", Fixture.EnvFile, "--output", "json", "--verbose" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();

            await inProgress();
            var wasRunning = !process.HasExited;
            process.Kill();

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            _scanner.AddText("stdout of the killed run", await output);
            _scanner.AddText("stderr of the killed run", await error);
            return wasRunning;
        }

        public void AssertNoLeaks()
        {
            _scanner.AddDirectory(Fixture.StateDirectory);
            _scanner.AddEvents(Fixture.Sandbox.EventHubs.GetReceived(Fixture.Sandbox.HubName));

            var leaks = _scanner.FindLeaks(Secrets, Fixture.Sandbox.Simulator.IssuedTokens.ToList());

            Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        }

        public ValueTask DisposeAsync() => Fixture.DisposeAsync();

        /// <summary>The OAuth2 password grant's fields as the form body (and query string) that carries them.</summary>
        private static string SignInForm(IReadOnlyDictionary<string, string> settings)
        {
            (string Name, string Value)[] fields =
            [
                ("grant_type", "password"),
                ("username", settings["MICROSHARE_USERNAME"]),
                ("password", settings["MICROSHARE_PASSWORD"]),
                ("client_id", settings["MICROSHARE_API_KEY"]),
            ];
            return string.Join('&', fields.Select(field => $"{Uri.EscapeDataString(field.Name)}={Uri.EscapeDataString(field.Value)}"));
        }
    }
}
