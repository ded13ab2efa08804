using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace MicroshareForwarder.EventHubs;

/// <summary>
/// A JSON Pointer (RFC 6901): <c>/data/device/id</c> selects member <c>id</c> of member
/// <c>device</c> of member <c>data</c>; <c>/data/meta/device/0</c> selects the first array
/// element. <c>~1</c> stands for '/' and <c>~0</c> for '~' inside a member name.
/// </summary>
internal sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out JsonPointer? pointer, [NotNullWhen(false)] out string? problem)
    {
        pointer = null;
        if (text.Length == 0 || text[0] != '/')
        {
            problem = "it must start with '/'";
            return false;
        }

        var tokens = text[1..].Split('/');
        for (var index = 0; index < tokens.Length; index++)
        {
            var token = tokens[index];
            for (var position = token.IndexOf('~', StringComparison.Ordinal); position >= 0; position = token.IndexOf('~', position + 1))
            {
                if (position + 1 >= token.Length || token[position + 1] is not ('0' or '1'))
                {
                    problem = $"'~' in '{token}' must be followed by 0 or 1";
                    return false;
                }
            }

            tokens[index] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        pointer = new JsonPointer(text, tokens);
        problem = null;
        return true;
    }

    public static JsonPointer Parse(string text)
    {
        return TryParse(text, out var pointer, out var problem)
            ? pointer
            : throw new FormatException($"'{text}' is not a valid JSON Pointer: {problem}.");
    }

    /// <summary>
    /// Returns the selected value of <paramref name="json"/> as text: a string's value, or the
    /// JSON text of a number, boolean, object or array. Returns null when the pointer selects
    /// nothing, selects <c>null</c>, or the document is not valid JSON.
    /// </summary>
    public string? Evaluate(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            foreach (var token in _tokens)
            {
                if (!TryStep(element, token, out element))
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => element.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryStep(JsonElement element, string token, out JsonElement next)
    {
        next = default;
        if (element.ValueKind == JsonValueKind.Object)
        {
            return element.TryGetProperty(token, out next);
        }

        if (element.ValueKind == JsonValueKind.Array
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && (token == "0" || token[0] != '0')
            && index < element.GetArrayLength())
        {
            next = element[index];
            return true;
        }

        return false;
    }
}
