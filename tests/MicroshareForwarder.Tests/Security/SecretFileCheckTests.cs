using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Security;

/// <summary>
/// The start-up checks on the files that hold secrets or state: the .env file's owner and
/// access, and the state directory's mode. Changing owners needs root, which the test
/// machine runs as.
/// </summary>
public sealed class SecretFileCheckTests : IDisposable
{
    private const string ValidSettings = """
        MICROSHARE_USERNAME=user
        MICROSHARE_PASSWORD=password
        MICROSHARE_API_KEY=key
        MICROSHARE_AUTH_URL=http://127.0.0.1:1/
        MICROSHARE_API_URL=http://127.0.0.1:1/
        MICROSHARE_RECTYPE=io.microshare.occupancy.unpacked
        EVENTHUB_CONNECTION_STRING=Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=hub;UseDevelopmentEmulator=true

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-files-").FullName;

    [Fact]
    public async Task EnvFile_OwnedByAnotherUser_Exits78WithChownCommand()
    {
        Assert.True(TestFileSystem.IsRoot, "This test changes a file's owner and must run as root.");
        var envFile = WriteEnvFile(ValidSettings);
        TestFileSystem.ChangeOwner(envFile, TestFileSystem.NobodyUserId);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chown {Environment.UserName} {envFile}", result.Error);
        Assert.Contains("owned by user id 65534", result.Error);
        Assert.DoesNotContain("chmod", result.Error);
    }

    [Fact]
    public async Task EnvFile_WrongOwnerAndMode_ReportsBothCommands()
    {
        var envFile = WriteEnvFile(ValidSettings);
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        TestFileSystem.ChangeOwner(envFile, TestFileSystem.NobodyUserId);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chown {Environment.UserName} {envFile}", result.Error);
        Assert.Contains($"chmod 600 {envFile}", result.Error);
    }

    [Fact]
    public async Task EnvFile_CredentialCopyWithReadAclForThisUser_IsAccepted()
    {
        var credentials = Directory.CreateDirectory(Path.Combine(_directory, "credentials")).FullName;
        var envFile = Path.Combine(credentials, "env");
        File.WriteAllText(envFile, ValidSettings + "MICROSHARE_PAGE_SIZE=zero\n");
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead);
        TestFileSystem.GrantUserReadByAcl(envFile, 0);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(envFile));

        var result = await ForwarderRunner.InvokeAsync(["run"], new Dictionary<string, string> { ["CREDENTIALS_DIRECTORY"] = credentials });

        // The file was read: the only problem is the bad value inside it.
        Assert.Equal(78, result.ExitCode);
        Assert.Contains("MICROSHARE_PAGE_SIZE must be a whole number", result.Error);
        Assert.DoesNotContain("chmod", result.Error);
    }

    [Fact]
    public async Task EnvFile_AclGrantingAnotherUser_Exits78WithChmodCommand()
    {
        var envFile = WriteEnvFile(ValidSettings);
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead);
        TestFileSystem.GrantUserReadByAcl(envFile, TestFileSystem.NobodyUserId);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chmod 600 {envFile}", result.Error);
    }

    [Fact]
    public async Task StateDirectory_WorldWritable_Exits78WithChmodCommand()
    {
        var state = Directory.CreateDirectory(Path.Combine(_directory, "state")).FullName;
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var envFile = WriteEnvFile(ValidSettings + $"FORWARDER_STATE_DIR={state}\n");

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chmod o-w {state}", result.Error);
        Assert.False(File.Exists(Path.Combine(state, "forwarder.db")));
    }

    [Fact]
    public async Task StateDirectory_Missing_IsCreatedWithMode0700()
    {
        var state = Path.Combine(_directory, "new-state");
        var envFile = WriteEnvFile(ValidSettings + $"FORWARDER_STATE_DIR={state}\nMICROSHARE_MAX_RETRIES=0\nEVENTHUB_MAX_RETRIES=0\n");

        await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteEnvFile(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.env");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
