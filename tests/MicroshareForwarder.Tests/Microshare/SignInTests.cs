using MicroshareForwarder.Cli;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Tests.Pipeline;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class SignInTests
{
    [Fact]
    public async Task WebLogin_Run_Completes()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5 });
        rig.Settings["MICROSHARE_AUTH_METHOD"] = "weblogin";
        rig.Settings.Remove("MICROSHARE_API_KEY");

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(5, rig.Received.Count);
        Assert.Contains("/login", rig.Simulator.RequestPaths);
    }

    [Theory]
    [InlineData("oauth2")]
    [InlineData("weblogin")]
    public async Task SignIn_WrongPassword_FailsWith77(string method)
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5 });
        rig.Settings["MICROSHARE_AUTH_METHOD"] = method;
        rig.Settings["MICROSHARE_PASSWORD"] = "wrong";

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.NoPermission, exitCode);
        Assert.DoesNotContain("wrong", error, StringComparison.Ordinal);
        Assert.Empty(rig.Received);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TokenCache_SameSettings_ReusedWithMode0600()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5 });

        await rig.RunAsync();
        await rig.RunAsync();

        Assert.Equal(1, rig.Simulator.TokenRequests);
        var path = Path.Combine(rig.StateDirectory, TokenCache.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.DoesNotContain("sandbox-password", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCache_IdentityChanged_NotReused()
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5 });

        await rig.RunAsync();
        rig.Settings["MICROSHARE_IDENTITY"] = "com.example.sandbox";
        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(2, rig.Simulator.TokenRequests);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\": 1, \"salt\": \"AAAA\", \"fingerprint\": \"00\", \"accessToken\": \"foreign\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}")]
    public async Task TokenCache_CorruptOrForeign_DiscardedWithWarning(string content)
    {
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5 });
        await File.WriteAllTextAsync(Path.Combine(rig.StateDirectory, TokenCache.FileName), content);

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(1, rig.Simulator.TokenRequests);
        Assert.Contains("Microshare token", error, StringComparison.Ordinal);
        Assert.Contains("signing in again", error, StringComparison.Ordinal);
    }
}
