using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroshareForwarder.Tests.Deploy;

public sealed partial class SystemdUnitTests
{
    private const double MaxExposure = 2.0;

    private static readonly string ServicePath =
        RepositoryRoot.Combine("deploy", "systemd", "microshare-forwarder.service");

    private static readonly string TimerPath =
        RepositoryRoot.Combine("deploy", "systemd", "microshare-forwarder.timer");

    [Fact]
    public async Task Verify_BothUnits_ReportOnlyMissingInstallPaths()
    {
        var result = await SystemdAnalyze.RunAsync("verify", ServicePath, TimerPath);

        // On a machine without the installed binary, verify reports the missing
        // ExecStart= executable (and exits non-zero for it). Any other line is a
        // problem in the units.
        var unexpectedLines = result.CombinedOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !IsMissingInstallPathMessage(line))
            .ToList();

        Assert.True(
            unexpectedLines.Count == 0,
            "systemd-analyze verify reported: " + string.Join(Environment.NewLine, unexpectedLines));
    }

    [Fact]
    public async Task Security_Service_ExposureAtMostTwo()
    {
        var result = await SystemdAnalyze.RunAsync("security", "--offline=true", "--no-pager", ServicePath);

        Assert.True(result.ExitCode == 0, result.Describe("systemd-analyze security"));

        var match = OverallExposurePattern().Match(result.StandardOutput);
        Assert.True(match.Success, "No 'Overall exposure level' line in: " + result.StandardOutput);

        var exposure = double.Parse(match.Groups["exposure"].Value, CultureInfo.InvariantCulture);
        Assert.True(
            exposure <= MaxExposure,
            $"Overall exposure {exposure} is above {MaxExposure}:{Environment.NewLine}{result.StandardOutput}");
    }

    [Fact]
    public async Task SystemCallFilter_Service_KeepsResourcesGroup()
    {
        var filterValues = ReadDirectiveValues("SystemCallFilter");
        var allowList = filterValues.Where(value => !value.StartsWith('~')).ToList();
        var denyEntries = filterValues
            .Where(value => value.StartsWith('~'))
            .SelectMany(value => value[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();

        Assert.Contains("@system-service", allowList);
        Assert.DoesNotContain("@resources", denyEntries);

        var resourceCalls = await ExpandSyscallGroupAsync("@resources");
        Assert.Contains("sched_setaffinity", resourceCalls);

        foreach (var entry in denyEntries)
        {
            var deniedCalls = entry.StartsWith('@')
                ? await ExpandSyscallGroupAsync(entry)
                : [entry];

            var removedResourceCalls = deniedCalls.Intersect(resourceCalls).ToList();
            Assert.True(
                removedResourceCalls.Count == 0,
                $"SystemCallFilter=~{entry} removes calls of @resources: {string.Join(", ", removedResourceCalls)}");
        }
    }

    [Fact]
    public void Service_MemoryDenyWriteExecute_NotSet()
    {
        // The .NET JIT needs memory that is writable and then executable.
        Assert.Empty(ReadDirectiveValues("MemoryDenyWriteExecute"));
    }

    [Fact]
    public void Service_BundleExtractDirectory_IsCacheDirectory()
    {
        Assert.Contains("microshare-forwarder", ReadDirectiveValues("CacheDirectory"));
        Assert.Contains(
            "DOTNET_BUNDLE_EXTRACT_BASE_DIR=%C/microshare-forwarder",
            ReadDirectiveValues("Environment"));
    }

    [Fact]
    public void Service_SuccessExitStatus_NotSet()
    {
        // Exit code 75 (temporary failure) must leave the unit failed.
        Assert.Empty(ReadDirectiveValues("SuccessExitStatus"));
    }

    private static bool IsMissingInstallPathMessage(string line) =>
        line.Contains("/opt/microshare-forwarder/", StringComparison.Ordinal)
        || line.Contains("/opt/occupancy-snapshot/.env", StringComparison.Ordinal);

    private static List<string> ReadDirectiveValues(string directive)
    {
        var prefix = directive + "=";

        return File.ReadLines(ServicePath)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => line[prefix.Length..])
            .ToList();
    }

    /// <summary>
    /// Lists the system calls in a systemd syscall group, expanding nested groups.
    /// </summary>
    private static async Task<HashSet<string>> ExpandSyscallGroupAsync(string group)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var pendingGroups = new Queue<string>([group]);
        var seenGroups = new HashSet<string>(StringComparer.Ordinal);

        while (pendingGroups.TryDequeue(out var current))
        {
            if (!seenGroups.Add(current))
            {
                continue;
            }

            var result = await SystemdAnalyze.RunAsync("syscall-filter", "--no-pager", current);
            Assert.True(result.ExitCode == 0, result.Describe("systemd-analyze syscall-filter " + current));

            // The first line repeats the group name and lines starting with '#' are comments.
            var entries = result.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Skip(1)
                .Where(line => !line.StartsWith('#'));

            foreach (var entry in entries)
            {
                if (entry.StartsWith('@'))
                {
                    pendingGroups.Enqueue(entry);
                }
                else
                {
                    calls.Add(entry);
                }
            }
        }

        return calls;
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (?<exposure>\d+(\.\d+)?)")]
    private static partial Regex OverallExposurePattern();
}
