using System.Reflection;
using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Tests.Docs;

public sealed class ConfigurationDocsTests
{
    [Fact]
    public void SettingNames_EachHasLineInConfigurationDoc()
    {
        var documentation = File.ReadAllLines(Path.Combine(FindRepositoryRoot(), "docs", "configuration.md"));
        var names = typeof(SettingNames)
            .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        var undocumented = names.Where(name => !documentation.Any(line => line.TrimStart().StartsWith($"| `{name}`", StringComparison.Ordinal))).ToList();

        Assert.NotEmpty(names);
        Assert.True(undocumented.Count == 0, $"docs/configuration.md has no table row starting with | `NAME` for: {string.Join(", ", undocumented)}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MicroshareForwarder.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} contains MicroshareForwarder.slnx.");
    }
}
