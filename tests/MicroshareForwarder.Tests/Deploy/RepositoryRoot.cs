namespace MicroshareForwarder.Tests.Deploy;

/// <summary>Locates the repository that the test assembly was built from.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFileName = "MicroshareForwarder.slnx";

    /// <summary>
    /// Walks up from the test output directory to the first folder that contains the
    /// solution file.
    /// </summary>
    public static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);

        while (directory is not null)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        throw new InvalidOperationException(
            $"{SolutionFileName} not found in {AppContext.BaseDirectory} or any parent folder.");
    }

    public static string Combine(params string[] relativeParts) =>
        Path.Combine([Find(), .. relativeParts]);
}
