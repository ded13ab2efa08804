using System.Text.Json;

namespace MicroshareForwarder.Configuration;

/// <summary>Checks the rules that apply to every feed, wherever it was configured.</summary>
internal static class FeedValidator
{
    /// <summary>Returns whether <paramref name="name"/> uses only letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public static bool IsValidName(string name)
    {
        return name.Length > 0 && name.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.');
    }

    /// <summary>Adds a problem to <paramref name="errors"/> for each invalid feed and for names used twice.</summary>
    public static void ValidateAll(IReadOnlyList<FeedOptions> feeds, List<string> errors)
    {
        foreach (var duplicate in feeds.GroupBy(feed => feed.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            errors.Add($"The feed name '{duplicate.Key}' is used {duplicate.Count()} times: each feed needs its own name, because the name keys its watermark.");
        }

        foreach (var feed in feeds)
        {
            Validate(feed, errors);
        }
    }

    private static void Validate(FeedOptions feed, List<string> errors)
    {
        if (feed.Kind == FeedKind.Share)
        {
            return;
        }

        if (feed.Window <= TimeSpan.Zero || feed.Window > TimeSpan.FromDays(1))
        {
            errors.Add($"Feed '{feed.Name}': window must be more than 0 and at most 1 day; got {feed.Window}.");
        }

        if (feed.Kind != FeedKind.Dashboard)
        {
            return;
        }

        if (!IsJsonArray(feed.DataContext))
        {
            errors.Add($"Feed '{feed.Name}': dataContext must be one JSON array such as [\"people\"]; got '{feed.DataContext}'. Microshare answers 503 to anything else.");
        }

        if (feed.Fields.Count != 6 || feed.Fields.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"Feed '{feed.Name}': fields must list exactly 6 non-empty values (field1 to field6); Microshare answers 503 when one is missing.");
        }
    }

    private static bool IsJsonArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
