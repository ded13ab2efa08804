namespace MicroshareForwarder.Tests.Support;

/// <summary>
/// Locates the forwarder built by its own project. The copy in the test output folder
/// cannot run as a process, because the test output resolves some Microsoft.Extensions
/// assemblies from the ASP.NET Core shared framework that the sandbox brings in, and the
/// forwarder's runtime configuration does not name that framework.
/// </summary>
internal static class ForwarderBinary
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;

        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MicroshareForwarder.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No MicroshareForwarder.slnx above {AppContext.BaseDirectory}.");
        }

        var path = Path.Combine(root.FullName, "src", "MicroshareForwarder", "bin", configuration, targetFramework, "microshare-forwarder.dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The forwarder is not built at {path}: build the solution first.");
        }

        return path;
    }
}
