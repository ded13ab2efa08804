namespace MicroshareForwarder.Tests.Deploy;

/// <summary>Exit code and captured output of an external command.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string CombinedOutput => StandardOutput + StandardError;

    public string Describe(string command) =>
        $"{command} exited with {ExitCode}.{Environment.NewLine}" +
        $"stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"stderr:{Environment.NewLine}{StandardError}";
}
