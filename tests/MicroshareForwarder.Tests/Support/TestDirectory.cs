namespace MicroshareForwarder.Tests.Support;

/// <summary>A temporary directory that is deleted with its contents on dispose.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("microshare-forwarder-test-").FullName;
    }

    public string Path { get; }

    public string StateDirectory => System.IO.Path.Combine(Path, "state");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process that was just killed may still hold a file for a moment; the temp directory is cleaned by the system.
        }
    }
}
