using System.Diagnostics;

namespace MicroshareForwarder.Tests.Cli;

/// <summary>
/// Runs the built forwarder as a real process: the exit code that systemd sees must be the
/// run's outcome, not the 0 that a host or a command-line library may return by default.
/// </summary>
public sealed class ProcessExitCodeTests
{
    [Fact]
    public async Task Process_BadConfiguration_ExitsWith78()
    {
        var directory = Directory.CreateTempSubdirectory("forwarder-exit-").FullName;
        try
        {
            var envFile = Path.Combine(directory, "bad.env");
            File.WriteAllText(envFile, "MICROSHARE_USERNAME=user\n");
            File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var (exitCode, _, error) = await RunProcessAsync("run", "--env-file", envFile);

            Assert.Equal(78, exitCode);
            Assert.Contains("MICROSHARE_PASSWORD is missing", error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Process_Help_ExitsWith0()
    {
        var (exitCode, output, _) = await RunProcessAsync("run", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--env-file", output);
    }

    internal static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Support.ForwarderBinary.DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
