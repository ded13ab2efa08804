using System.Collections.Concurrent;
using System.Diagnostics;

namespace MicroshareForwarder.Tests.Support;

/// <summary>
/// The built forwarder (<c>dotnet microshare-forwarder.dll</c>) as a child process, with its
/// output captured and the crash-test pause marker exposed as a task.
/// </summary>
internal sealed class ForwarderProcess : IDisposable
{
    private static readonly string[] ForeignPrefixes = ["MICROSHARE_", "EVENTHUB_", "FORWARDER_", "AZURE_", "STATE_DIRECTORY", "CREDENTIALS_DIRECTORY"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ForwarderProcess(Process process)
    {
        _process = process;
    }

    public static string DllPath => ForwarderBinary.DllPath;

    public int Id => _process.Id;

    /// <summary>Completes with the marker line when the process pauses at its <c>FORWARDER_TEST_PAUSE_AT</c> phase.</summary>
    public Task<string> Paused => _paused.Task;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Starts the forwarder with <paramref name="arguments"/>; the test process's own forwarder settings are removed from the child's environment.</summary>
    public static ForwarderProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in startInfo.Environment.Keys.Where(key => ForeignPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var wrapper = new ForwarderProcess(process);
        process.OutputDataReceived += (_, line) => wrapper.OnLine(line.Data, wrapper._stdout, wrapper._stdoutClosed);
        process.ErrorDataReceived += (_, line) => wrapper.OnLine(line.Data, wrapper._stderr, wrapper._stderrClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for the exit and for the end of both output streams, so <see cref="Stdout"/> and <see cref="Stderr"/> are complete.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The forwarder (process id {_process.Id}) did not exit within {timeout.TotalSeconds} s. Stderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL, which the process can neither catch nor delay.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // The process has already exited.
        }
    }

    /// <summary>Lets a paused process go on.</summary>
    public void Resume()
    {
        _process.StandardInput.WriteLine();
        _process.StandardInput.Flush();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line, ConcurrentQueue<string> lines, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lines.Enqueue(line);
        if (line.StartsWith("FORWARDER_PAUSED ", StringComparison.Ordinal))
        {
            _paused.TrySetResult(line);
        }
    }
}
