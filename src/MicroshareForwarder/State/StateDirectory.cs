namespace MicroshareForwarder.State;

/// <summary>Creates the state directory with mode 0700 and refuses one that other users can write to.</summary>
internal static class StateDirectory
{
    public static void Prepare(string path)
    {
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.OtherWrite) != 0)
        {
            throw new Configuration.ConfigurationException([
                $"The state directory '{path}' is writable by every user, so another account could tamper with the store: run 'chmod o-w {path}' (0700 is recommended).",
            ]);
        }
    }
}
