using System.Runtime.Versioning;

namespace MicroshareForwarder.Tests.Deploy;

// The deploy scripts and file modes are Linux-only.
[UnsupportedOSPlatform("windows")]
public sealed class UninstallScriptTests : IDisposable
{
    private readonly InstallRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Uninstall_WithoutPurge_KeepsEnvAndState()
    {
        await InstallWithStateAsync();

        var result = await _root.UninstallAsync();

        Assert.True(result.ExitCode == 0, result.Describe("uninstall.sh"));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.BinaryFile)));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.ServiceFile)));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.TimerFile)));
        Assert.True(File.Exists(_root.PathOf(InstallRoot.EnvFile)));
        Assert.True(File.Exists(StateDatabasePath));
    }

    [Fact]
    public async Task Uninstall_Purge_RemovesEnvAndState()
    {
        await InstallWithStateAsync();

        var result = await _root.UninstallAsync("--purge");

        Assert.True(result.ExitCode == 0, result.Describe("uninstall.sh --purge"));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.BinaryFile)));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.ServiceFile)));
        Assert.False(File.Exists(_root.PathOf(InstallRoot.EnvFile)));
        Assert.False(Directory.Exists(_root.PathOf(InstallRoot.StateDirectory)));
    }

    [Fact]
    public async Task Uninstall_UnknownOption_FailsAndKeepsFiles()
    {
        await InstallWithStateAsync();

        var result = await _root.UninstallAsync("--force");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown argument '--force'", result.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(_root.PathOf(InstallRoot.BinaryFile)));
    }

    private string StateDatabasePath => Path.Combine(_root.PathOf(InstallRoot.StateDirectory), "forwarder.db");

    private async Task InstallWithStateAsync()
    {
        var install = await _root.InstallAsync();
        Assert.True(install.ExitCode == 0, install.Describe("install.sh"));

        // systemd creates the state directory on the first run, so the test creates it here.
        Directory.CreateDirectory(_root.PathOf(InstallRoot.StateDirectory));
        File.WriteAllText(StateDatabasePath, "state");
    }
}
