using MicroshareForwarder.Sandbox.Composition;

namespace MicroshareForwarder.Tests.Support;

/// <summary>
/// A running sandbox and a temporary folder holding the forwarder's state directory and
/// <c>.env</c> file. Each test that forwards gets its own, so no state leaks between tests.
/// </summary>
internal sealed class SandboxFixture : IAsyncDisposable
{
    private SandboxFixture(SandboxEnvironment sandbox, string workDirectory)
    {
        Sandbox = sandbox;
        WorkDirectory = workDirectory;
        StateDirectory = Path.Combine(workDirectory, "state");
        EnvFile = sandbox.WriteEnvFile(Path.Combine(workDirectory, "forwarder.env"), StateDirectory);
    }

    public SandboxEnvironment Sandbox { get; }

    public string WorkDirectory { get; }

    public string StateDirectory { get; }

    public string EnvFile { get; }

    public static async Task<SandboxFixture> StartAsync(SandboxEnvironmentOptions? options = null)
    {
        var workDirectory = Directory.CreateTempSubdirectory("forwarder-test-").FullName;
        var sandbox = await SandboxEnvironment.StartAsync(options ?? new SandboxEnvironmentOptions());
        return new SandboxFixture(sandbox, workDirectory);
    }

    /// <summary>Runs <c>run --output json</c> against the sandbox with extra settings layered over the .env file.</summary>
    public Task<ForwarderResult> RunAsync(IReadOnlyDictionary<string, string>? settings = null, params string[] extraArgs)
    {
        string[] args = ["run", "--env-file", EnvFile, "--output", "json", .. extraArgs];
        return ForwarderRunner.InvokeAsync(args, settings);
    }

    /// <summary>Runs <c>check</c> against the sandbox with extra settings layered over the .env file.</summary>
    public Task<ForwarderResult> CheckAsync(IReadOnlyDictionary<string, string>? settings = null, params string[] extraArgs)
    {
        string[] args = ["check", "--env-file", EnvFile, .. extraArgs];
        return ForwarderRunner.InvokeAsync(args, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
