using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroshareForwarder.Tests.Diagnostics;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4 for tests: every line must
/// be a HELP, a TYPE or a sample of the family declared last, with valid names, labels and values.
/// </summary>
internal static partial class PrometheusExposition
{
    public static Dictionary<string, double> Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? family = null;

        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                Assert.Matches(NamePattern(), family);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(family, parts[2]);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"family {parts[2]} is declared twice");
                continue;
            }

            var match = SamplePattern().Match(line);
            Assert.True(match.Success, $"not a valid sample line: {line}");
            var name = match.Groups["name"].Value;
            Assert.NotNull(family);
            Assert.True(name == family || (types[family!] == "histogram" && (name == family + "_bucket" || name == family + "_sum" || name == family + "_count")), $"sample {name} does not belong to family {family}");
            var value = match.Groups["value"].Value;
            var parsed = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(name + match.Groups["labels"].Value, parsed), $"duplicate sample: {line}");
        }

        return samples;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? (?<value>\S+)$""")]
    private static partial Regex SamplePattern();
}
