using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Finds keys that look like forwarder settings but are not, such as a misspelled
/// <c>MICROSHARE_PASWORD</c>, which would otherwise be ignored without a word.
/// </summary>
internal static class UnknownSettingDetector
{
    private static readonly string[] OwnPrefixes = ["MICROSHARE_", "EVENTHUB_", "FORWARDER_", "KEYVAULT_"];

    private static readonly HashSet<string> KnownNames = typeof(SettingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .Append(Pipeline.PhasePause.EnvironmentVariable)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns one warning per unknown key with a forwarder prefix, naming the closest known setting.</summary>
    public static IReadOnlyList<string> FindUnknown(IConfiguration configuration)
    {
        var warnings = new List<string>();
        foreach (var (key, _) in configuration.AsEnumerable())
        {
            if (!OwnPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) || KnownNames.Contains(key))
            {
                continue;
            }

            var closest = KnownNames.MinBy(name => Distance(key.ToUpperInvariant(), name));
            var hint = closest is not null && Distance(key.ToUpperInvariant(), closest) <= 3 ? $" Did you mean {closest}?" : string.Empty;
            warnings.Add($"{key} is not a setting of the forwarder and is ignored.{hint}");
        }

        return warnings;
    }

    /// <summary>Returns the Levenshtein edit distance between two strings.</summary>
    private static int Distance(string left, string right)
    {
        var previous = new int[right.Length + 1];
        var current = new int[right.Length + 1];
        for (var column = 0; column <= right.Length; column++)
        {
            previous[column] = column;
        }

        for (var row = 1; row <= left.Length; row++)
        {
            current[0] = row;
            for (var column = 1; column <= right.Length; column++)
            {
                var substitution = previous[column - 1] + (left[row - 1] == right[column - 1] ? 0 : 1);
                current[column] = Math.Min(substitution, Math.Min(previous[column] + 1, current[column - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[right.Length];
    }
}
