using System.Text;
using MicroshareForwarder.Sandbox.Composition;

namespace MicroshareForwarder.Tests.Support;

/// <summary>Writes a mode-0600 <c>.env</c> file that points the forwarder at a sandbox, with extra settings on top.</summary>
internal static class SandboxEnvFile
{
    public static string Write(SandboxEnvironment sandbox, TestDirectory directory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(sandbox.CreateSettings(directory.StateDirectory), StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var text = new StringBuilder();
        foreach (var (key, value) in settings)
        {
            text.Append(key).Append("=\"").Append(value).Append("\"\n");
        }

        var path = Path.Combine(directory.Path, "forwarder.env");
        File.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
