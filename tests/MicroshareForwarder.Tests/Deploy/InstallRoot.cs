using System.Globalization;
using System.Runtime.Versioning;

namespace MicroshareForwarder.Tests.Deploy;

/// <summary>
/// Temporary DESTDIR for deploy/install.sh and deploy/uninstall.sh, with the user and
/// systemctl steps skipped so that the running system is not touched.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class InstallRoot : IDisposable
{
    public const string EnvFile = "opt/occupancy-snapshot/.env";
    public const string BinaryFile = "opt/microshare-forwarder/microshare-forwarder";
    public const string ServiceFile = "etc/systemd/system/microshare-forwarder.service";
    public const string TimerFile = "etc/systemd/system/microshare-forwarder.timer";
    public const string StateDirectory = "var/lib/microshare-forwarder";

    private readonly DirectoryInfo _workDirectory = Directory.CreateTempSubdirectory("microshare-forwarder-deploy-");

    public InstallRoot()
    {
        Directory.CreateDirectory(RootPath);
        File.WriteAllText(DummyBinaryPath, "#!/bin/sh\nexit 0\n");
    }

    public string RootPath => Path.Combine(_workDirectory.FullName, "root");

    public string DummyBinaryPath => Path.Combine(_workDirectory.FullName, "dummy-binary");

    public string PathOf(string relativePath) => Path.Combine(RootPath, relativePath);

    public Task<CommandResult> InstallAsync() =>
        RunScriptAsync("install.sh", DummyBinaryPath);

    public Task<CommandResult> UninstallAsync(params string[] arguments) =>
        RunScriptAsync("uninstall.sh", arguments);

    /// <summary>
    /// Lists every file and folder under the root with its permission bits and size.
    /// </summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var path in Directory.EnumerateFileSystemEntries(RootPath, "*", SearchOption.AllDirectories))
        {
            var relativePath = Path.GetRelativePath(RootPath, path);
            var mode = Convert.ToString((int)File.GetUnixFileMode(path), 8);
            var size = File.Exists(path)
                ? new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture)
                : "dir";
            entries[relativePath] = $"{mode} {size}";
        }

        return entries;
    }

    public void Dispose() => _workDirectory.Delete(recursive: true);

    private Task<CommandResult> RunScriptAsync(string scriptName, params string[] arguments)
    {
        var script = RepositoryRoot.Combine("deploy", scriptName);
        var environment = new Dictionary<string, string>
        {
            ["DESTDIR"] = RootPath,
            ["SKIP_USERADD"] = "1",
            ["SKIP_SYSTEMCTL"] = "1",
        };

        return ExternalCommand.RunAsync("bash", [script, .. arguments], environment);
    }
}
