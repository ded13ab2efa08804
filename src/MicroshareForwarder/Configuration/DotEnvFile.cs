using System.Text;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Parser for <c>.env</c> files in the form that systemd's <c>EnvironmentFile=</c> and
/// Docker accept: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export</c>
/// prefix, and values in single quotes (literal) or double quotes (with <c>\n</c>,
/// <c>\"</c> and <c>\\</c> escapes).
/// </summary>
internal static class DotEnvFile
{
    /// <summary>
    /// Parses <paramref name="text"/> into key/value pairs. Syntax errors are collected
    /// with their line numbers; values never appear in an error because they may be secrets.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string sourceName, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                errors.Add($"{sourceName} line {index + 1}: expected KEY=VALUE.");
                continue;
            }

            var key = line[..separator].Trim();
            if (!IsValidKey(key))
            {
                errors.Add($"{sourceName} line {index + 1}: '{key}' is not a valid key (letters, digits and '_', not starting with a digit).");
                continue;
            }

            var rawValue = line[(separator + 1)..].Trim();
            if (!TryParseValue(rawValue, out var value))
            {
                errors.Add($"{sourceName} line {index + 1}: the value of {key} has an unterminated quote.");
                continue;
            }

            values[key] = value;
        }

        return values;
    }

    private static bool IsValidKey(string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0]))
        {
            return false;
        }

        foreach (var character in key)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseValue(string rawValue, out string value)
    {
        if (rawValue.Length == 0)
        {
            value = string.Empty;
            return true;
        }

        var quote = rawValue[0];
        if (quote == '\'' )
        {
            var end = rawValue.IndexOf('\'', 1);
            value = end < 0 ? string.Empty : rawValue[1..end];
            return end > 0;
        }

        if (quote == '"')
        {
            return TryParseDoubleQuoted(rawValue, out value);
        }

        // An unquoted value ends at " #", so that trailing comments work as in shells.
        var comment = rawValue.IndexOf(" #", StringComparison.Ordinal);
        value = comment < 0 ? rawValue : rawValue[..comment].TrimEnd();
        return true;
    }

    private static bool TryParseDoubleQuoted(string rawValue, out string value)
    {
        var builder = new StringBuilder(rawValue.Length);
        for (var position = 1; position < rawValue.Length; position++)
        {
            var character = rawValue[position];
            if (character == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (character == '\\' && position + 1 < rawValue.Length)
            {
                position++;
                builder.Append(rawValue[position] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    var escaped => escaped,
                });
                continue;
            }

            builder.Append(character);
        }

        value = string.Empty;
        return false;
    }
}
