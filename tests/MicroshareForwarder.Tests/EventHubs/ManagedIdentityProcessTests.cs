using System.Diagnostics;
using MicroshareForwarder.Tests.Support;
using MicroshareForwarder.Sandbox.Identity;

namespace MicroshareForwarder.Tests.EventHubs;

/// <summary>
/// Managed identity end to end in a child process, because Azure.Identity reads
/// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> from the process environment, which an
/// in-process test must not change. The child's environment is built from scratch, and
/// <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c> points any IMDS probe at the loopback service,
/// so the test can assert that none happened and nothing reaches 169.254.169.254.
/// </summary>
public sealed class ManagedIdentityProcessTests
{
    private const int RecordCount = 30;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ManagedIdentity_ChildProcess_SendsJwtFromIdentityEndpoint()
    {
        await using var harness = await ForwarderHarness.StartAsync(RecordCount);
        var endpoint = await harness.StartEndpointAsync();
        var tokens = harness.Own(await FakeTokenService.StartAsync(harness.Certificates.ServerCertificate));
        var settings = ForwarderHarness.Merge(
            harness.CreateEnvironment(),
            harness.AzureAdSettings(endpoint, "managed-identity"),
            new Dictionary<string, string>
            {
                ["IDENTITY_ENDPOINT"] = tokens.ManagedIdentityEndpoint.ToString(),
                ["IDENTITY_HEADER"] = FakeTokenService.IdentityHeaderValue,
                ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = tokens.PlainBaseUrl.ToString(),
            });

        var (exitCode, output) = await RunForwarderProcessAsync(settings);

        Assert.True(exitCode == 0, output);
        Assert.Equal(RecordCount, endpoint.GetDistinctIdCount("telemetry"));
        Assert.NotEmpty(endpoint.CbsTokens);
        Assert.All(endpoint.CbsTokens, token => Assert.Equal("jwt", token.TokenType));
        var request = Assert.Single(tokens.Requests, request => request.Path == FakeTokenService.ManagedIdentityPath);
        Assert.Equal("identity-header", request.Credential);
        Assert.Equal("https://eventhubs.azure.net", request.Scope);
        Assert.DoesNotContain(tokens.Requests, request => request.Path == FakeTokenService.ImdsTokenPath);
    }

    private static async Task<(int ExitCode, string Output)> RunForwarderProcessAsync(IReadOnlyDictionary<string, string> settings)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(ForwarderBinary.DllPath);
        startInfo.ArgumentList.Add("run");
        startInfo.ArgumentList.Add("--output");
        startInfo.ArgumentList.Add("json");

        // Only what the dotnet host needs is inherited, so no managed identity or Azure
        // setting of the machine running the tests can leak into the child.
        startInfo.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }

        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The forwarder process did not exit within {ProcessTimeout.TotalSeconds} s.");
        }

        return (process.ExitCode, $"exit {process.ExitCode}\nstdout:\n{await standardOutput}\nstderr:\n{await standardError}");
    }
}
