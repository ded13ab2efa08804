using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.Configuration;

/// <summary>A bad configuration exits 78 with one message that names every bad setting.</summary>
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("forwarder-config-").FullName;

    [Fact]
    public async Task Run_SeveralBadSettings_Exits78NamingEveryKey()
    {
        var envFile = WriteEnvFile("""
            MICROSHARE_USERNAME=user@example.com
            MICROSHARE_API_KEY=key
            MICROSHARE_AUTH_URL=https://auth.example.invalid
            MICROSHARE_API_URL=not a url
            MICROSHARE_RECTYPE=io.microshare.occupancy.unpacked
            EVENTHUB_CONNECTION_STRING=Endpoint=sb://127.0.0.1:5672/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=hub;UseDevelopmentEmulator=true
            EVENTHUB_FULLY_QUALIFIED_NAMESPACE=contoso.servicebus.windows.net
            """);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("MICROSHARE_PASSWORD is missing", result.Error);
        Assert.Contains("MICROSHARE_API_URL is not a valid absolute URL", result.Error);
        Assert.Contains("EVENTHUB_CONNECTION_STRING and EVENTHUB_FULLY_QUALIFIED_NAMESPACE are both set", result.Error);
        Assert.Contains("The configuration has 3 problems", result.Error);
    }

    [Fact]
    public async Task Run_EnvFileReadableByOthers_Exits78WithChmodCommand()
    {
        var envFile = WriteEnvFile("MICROSHARE_USERNAME=user\n");
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chmod 600 {envFile}", result.Error);
    }

    [Fact]
    public async Task Run_UnsafeEnvFileWithMissingKey_ReportsBoth()
    {
        var envFile = WriteEnvFile(ValidSettings.Replace("MICROSHARE_PASSWORD=password\n", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"chmod 600 {envFile}", result.Error);
        Assert.Contains("MICROSHARE_PASSWORD is missing", result.Error);
    }

    [Fact]
    public async Task Run_MisspelledKey_WarnsWithClosestSetting()
    {
        var envFile = WriteEnvFile(ValidSettings + "MICROSHARE_PASWORD=typo\n");

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Contains("warning: MICROSHARE_PASWORD is not a setting of the forwarder and is ignored. Did you mean MICROSHARE_PASSWORD?", result.Error);
    }

    [Fact]
    public async Task Run_NoEnvFileAnywhere_SaysOnlyEnvironmentWasRead()
    {
        var result = await ForwarderRunner.InvokeAsync(["run"], new Dictionary<string, string> { ["FORWARDER_STATE_DIR"] = _directory });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("No .env file was found", result.Error);
    }

    [Fact]
    public async Task Run_PlainHttpToRemoteHost_IsRejected()
    {
        var envFile = WriteEnvFile(ValidSettings.Replace("MICROSHARE_API_URL=http://127.0.0.1:1/", "MICROSHARE_API_URL=http://api.example.invalid/", StringComparison.Ordinal));

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("MICROSHARE_API_URL must be an https:// URL", result.Error);
    }

    [Fact]
    public async Task Run_JsonOutputWithBadSettings_PrintsProblemsAsJson()
    {
        var envFile = WriteEnvFile("MICROSHARE_USERNAME=user\n");

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile, "--output", "json"]);

        var summary = result.Summary();
        Assert.Equal(78, summary.GetProperty("exitCode").GetInt32());
        Assert.Contains(summary.GetProperty("problems").EnumerateArray(), problem => problem.GetString()!.StartsWith("MICROSHARE_PASSWORD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_EnvironmentOverridesEnvFile()
    {
        var envFile = WriteEnvFile(ValidSettings + "MICROSHARE_PAGE_SIZE=500\n");

        var result = await ForwarderRunner.InvokeAsync(["run", "--env-file", envFile], new Dictionary<string, string> { ["MICROSHARE_PAGE_SIZE"] = "zero" });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("MICROSHARE_PAGE_SIZE must be a whole number from 1 to 100000; got 'zero'", result.Error);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private const string ValidSettings = """
        MICROSHARE_USERNAME=user
        MICROSHARE_PASSWORD=password
        MICROSHARE_API_KEY=key
        MICROSHARE_AUTH_URL=http://127.0.0.1:1/
        MICROSHARE_API_URL=http://127.0.0.1:1/
        MICROSHARE_RECTYPE=io.microshare.occupancy.unpacked
        EVENTHUB_CONNECTION_STRING=Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=hub;UseDevelopmentEmulator=true

        """;

    private string WriteEnvFile(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.env");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
