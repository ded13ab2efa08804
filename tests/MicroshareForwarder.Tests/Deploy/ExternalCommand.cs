using System.Diagnostics;

namespace MicroshareForwarder.Tests.Deploy;

/// <summary>Runs a program to completion and captures its output, with a time limit.</summary>
internal static class ExternalCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Failed to start {fileName}.");
        process.StandardInput.Close();

        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not exit within {Timeout}.");
        }

        return new CommandResult(process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>
    /// Returns the full path of a program found on PATH, or null when it is not installed.
    /// </summary>
    public static string? FindOnPath(string programName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, programName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
