using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MicroshareForwarder.Pipeline;

/// <summary>
/// Stable ids of dashboard entries, which carry no id of their own. Every id is SHA-256 in
/// lower-case hex over UTF-8 text, so it is the same on every machine and in every run.
/// </summary>
internal static class DashboardEventIds
{
    /// <summary>
    /// Returns the subject of a period: SHA-256 of the record type, the location tags sorted
    /// ordinally and the period start in ISO-8601 UTC with milliseconds, each on its own line
    /// (the tags separated by U+001F, which cannot occur in a tag typed by a person).
    /// </summary>
    public static string Subject(string recType, IReadOnlyList<string> tags, DateTimeOffset periodStart)
    {
        var sortedTags = string.Join('\u001f', tags.Order(StringComparer.Ordinal));
        var start = periodStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return Sha256Hex($"{recType}\n{sortedTags}\n{start}");
    }

    /// <summary>Returns the event id of a revision: the subject itself for revision 0, else SHA-256 of the subject and the revision number.</summary>
    public static string EventId(string subject, int revision)
    {
        return revision == 0 ? subject : Sha256Hex(string.Create(CultureInfo.InvariantCulture, $"{subject}\nrevision\n{revision}"));
    }

    /// <summary>Returns SHA-256 of <paramref name="bytes"/> in lower-case hex.</summary>
    public static string ContentHash(ReadOnlySpan<byte> bytes)
    {
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Sha256Hex(string text)
    {
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
