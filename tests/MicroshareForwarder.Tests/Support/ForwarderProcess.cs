using System.Diagnostics;

namespace MicroshareForwarder.Tests.Support;

/// <summary>
/// Runs the built forwarder as a child process with an environment built from scratch, for
/// settings that libraries read from the process environment and an in-process test must not
/// change.
/// </summary>
internal static class ForwarderProcess
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <c>run --output json</c> and returns the exit code and a text with the exit code,
    /// stdout and stderr for assertion messages.
    /// </summary>
    /// <exception cref="TimeoutException">The process did not exit within 60 s; it is killed.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> settings)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(ForwarderBinary.DllPath);
        startInfo.ArgumentList.Add("run");
        startInfo.ArgumentList.Add("--output");
        startInfo.ArgumentList.Add("json");

        // Only what the dotnet host needs is inherited, so no managed identity or Azure
        // setting of the machine running the tests can leak into the child.
        startInfo.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }

        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The forwarder process did not exit within {ProcessTimeout.TotalSeconds} s.");
        }

        return (process.ExitCode, $"exit {process.ExitCode}\nstdout:\n{await standardOutput}\nstderr:\n{await standardError}");
    }
}
