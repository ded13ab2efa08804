using System.Runtime.Versioning;

namespace MicroshareForwarder.Tests.Deploy;

// The deploy scripts and file modes are Linux-only.
[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode WorldReadable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly InstallRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Install_RunTwice_SameFilesAndModes()
    {
        var first = await _root.InstallAsync();
        Assert.True(first.ExitCode == 0, first.Describe("install.sh (first run)"));
        var afterFirst = _root.Snapshot();

        var second = await _root.InstallAsync();
        Assert.True(second.ExitCode == 0, second.Describe("install.sh (second run)"));
        var afterSecond = _root.Snapshot();

        Assert.Equal(afterFirst, afterSecond);
        Assert.Contains("Kept existing /opt/occupancy-snapshot/.env", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_FreshRoot_CreatesFilesWithModes()
    {
        var result = await _root.InstallAsync();

        Assert.True(result.ExitCode == 0, result.Describe("install.sh"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_root.PathOf(InstallRoot.EnvFile)));
        Assert.Equal(Executable, File.GetUnixFileMode(_root.PathOf(InstallRoot.BinaryFile)));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(_root.PathOf(InstallRoot.ServiceFile)));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(_root.PathOf(InstallRoot.TimerFile)));
        Assert.Equal(
            File.ReadAllText(RepositoryRoot.Combine("deploy", ".env.example")),
            File.ReadAllText(_root.PathOf(InstallRoot.EnvFile)));
        Assert.Contains("systemctl enable --now microshare-forwarder.timer", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_ExistingEnv_NotOverwritten()
    {
        const string customSettings = "MICROSHARE_USERNAME=custom-user\n";
        var envPath = _root.PathOf(InstallRoot.EnvFile);
        Directory.CreateDirectory(Path.GetDirectoryName(envPath)!);
        File.WriteAllText(envPath, customSettings);
        File.SetUnixFileMode(envPath, OwnerReadWrite);

        var first = await _root.InstallAsync();
        var second = await _root.InstallAsync();

        Assert.True(first.ExitCode == 0, first.Describe("install.sh (first run)"));
        Assert.True(second.ExitCode == 0, second.Describe("install.sh (second run)"));
        Assert.Equal(customSettings, File.ReadAllText(envPath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(envPath));
        Assert.Contains("Kept existing /opt/occupancy-snapshot/.env", first.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_MissingBinary_FailsNamingPath()
    {
        File.Delete(_root.DummyBinaryPath);

        var result = await _root.InstallAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("binary not found: " + _root.DummyBinaryPath, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.PathOf(InstallRoot.BinaryFile)));
    }
}
