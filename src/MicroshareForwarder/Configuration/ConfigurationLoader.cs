using MicroshareForwarder.Security;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Builds the configuration from the <c>.env</c> file and the environment. Environment
/// variables win over the file, as with systemd's <c>EnvironmentFile=</c> followed by
/// <c>Environment=</c>.
/// </summary>
internal static class ConfigurationLoader
{
    private const UnixFileMode GroupOrOtherAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode OtherAccess = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Picks the <c>.env</c> file: the <c>--env-file</c> argument, else the systemd
    /// credential copy <c>$CREDENTIALS_DIRECTORY/env</c>, else <c>FORWARDER_ENV_FILE</c>,
    /// else <c>.env</c> in the working directory if it exists. Returns null when there is none.
    /// </summary>
    public static string? ResolveEnvFile(string? argument, IReadOnlyDictionary<string, string> environment)
    {
        if (!string.IsNullOrEmpty(argument))
        {
            return argument;
        }

        if (environment.TryGetValue(SettingNames.SystemdCredentialsDirectory, out var credentials) && !string.IsNullOrEmpty(credentials))
        {
            var credentialCopy = Path.Combine(credentials, "env");
            if (File.Exists(credentialCopy))
            {
                return credentialCopy;
            }
        }

        if (environment.TryGetValue(SettingNames.EnvFile, out var configured) && !string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return File.Exists(".env") ? Path.GetFullPath(".env") : null;
    }

    /// <summary>
    /// Reads the <c>.env</c> file (when given) and layers the environment over it. A missing
    /// file throws <see cref="ConfigurationException"/> at once. An unsafe file (owner, mode
    /// or ACL) and syntax errors go to <paramref name="fileProblems"/> instead, and the file's
    /// values are still used, so the caller can report every problem in one message; the
    /// caller must not connect anywhere while <paramref name="fileProblems"/> is not empty.
    /// </summary>
    public static IConfiguration Load(string? envFile, IReadOnlyDictionary<string, string> environment, List<string> fileProblems)
    {
        IReadOnlyDictionary<string, string> fileValues = new Dictionary<string, string>();

        if (envFile is not null)
        {
            if (!File.Exists(envFile))
            {
                throw new ConfigurationException([$"The .env file '{envFile}' does not exist: create it from deploy/.env.example or pass --env-file with the right path."]);
            }

            fileValues = ReadEnvFile(envFile, fileProblems);
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in fileValues)
        {
            values[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static IReadOnlyDictionary<string, string> ReadEnvFile(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"The .env file '{path}' does not exist: create it from deploy/.env.example or pass --env-file with the right path.");
            return new Dictionary<string, string>();
        }

        if (OperatingSystem.IsWindows())
        {
            return DotEnvFile.Parse(File.ReadAllText(path), path, errors);
        }

        // The checks and the read use one open handle, so the file cannot be swapped in between.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        errors.AddRange(CheckSecretFile(path, handle));

        using var stream = new FileStream(handle, FileAccess.Read);
        using var reader = new StreamReader(stream);
        return DotEnvFile.Parse(reader.ReadToEnd(), path, errors);
    }

    /// <summary>
    /// Returns why the file is unsafe to hold secrets, or nothing when it is safe: it must be
    /// owned by this process's user or root, and no other account may read or write it. A
    /// POSIX ACL that grants read access only to this process's user passes, because that is
    /// how systemd's <c>LoadCredential=</c> hands a root-owned copy to the service.
    /// </summary>
    private static List<string> CheckSecretFile(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var problems = new List<string>();
        var status = UnixFileInspector.GetStatus(handle);
        var currentUser = UnixFileInspector.CurrentUserId;

        if (status.OwnerId != currentUser && status.OwnerId != 0)
        {
            problems.Add($"The .env file '{path}' is owned by user id {status.OwnerId}, but the forwarder runs as {Environment.UserName} (user id {currentUser}) and accepts only its own files or root's, because the owner can change the secrets: run 'chown {Environment.UserName} {path}'.");
        }

        if ((status.Mode & GroupOrOtherAccess) == 0)
        {
            return problems;
        }

        var onlyGroupBits = (status.Mode & OtherAccess) == 0;
        if (onlyGroupBits && UnixFileInspector.GetAccessAcl(handle) is { } acl && acl.GrantsAccessOnlyTo(currentUser))
        {
            return problems;
        }

        problems.Add($"The .env file '{path}' is accessible to other users (mode {FormatMode(status.Mode)}) and holds secrets: run 'chmod 600 {path}'.");
        return problems;
    }

    private static string FormatMode(UnixFileMode mode)
    {
        return Convert.ToString((int)mode, 8).PadLeft(4, '0');
    }
}
