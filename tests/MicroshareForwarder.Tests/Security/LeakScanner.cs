using System.Text;

namespace MicroshareForwarder.Tests.Security;

/// <summary>
/// Collects every output of the forwarder (streams, files, sent events) and reports where a
/// secret appears. The Microshare token may appear only inside <c>token_cache.json</c>.
/// </summary>
internal sealed class LeakScanner
{
    private readonly List<(string Where, byte[] Content)> _artifacts = [];

    public void AddText(string where, string text) => _artifacts.Add((where, Encoding.UTF8.GetBytes(text)));

    public void AddBytes(string where, byte[] content) => _artifacts.Add((where, content));

    /// <summary>Adds every file under <paramref name="directory"/>, including the SQLite store, its WAL and shared memory.</summary>
    public void AddDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            AddBytes(path, File.ReadAllBytes(path));
        }
    }

    /// <summary>Adds the body and every property of each event the endpoint received.</summary>
    public void AddEvents(IEnumerable<MicroshareForwarder.Sandbox.EventHubs.ReceivedEvent> events)
    {
        var index = 0;
        foreach (var received in events)
        {
            AddBytes($"event {index} body", received.Body);
            var properties = new StringBuilder()
                .Append(received.MessageId).Append('\n')
                .Append(received.ContentType).Append('\n')
                .Append(received.PartitionKey).Append('\n');
            foreach (var (key, value) in received.ApplicationProperties)
            {
                properties.Append(key).Append('=').Append(value).Append('\n');
            }

            AddText($"event {index} properties", properties.ToString());
            index++;
        }
    }

    /// <summary>
    /// Returns one line per secret found: where, and which secret by its label. A token found
    /// in <c>token_cache.json</c> is allowed, every other secret is not allowed there either.
    /// </summary>
    public IReadOnlyList<string> FindLeaks(IReadOnlyDictionary<string, string> secrets, IReadOnlyCollection<string> tokens)
    {
        var leaks = new List<string>();
        foreach (var (where, content) in _artifacts)
        {
            foreach (var (label, secret) in secrets)
            {
                if (Contains(content, secret))
                {
                    leaks.Add($"{label} appears in {where}");
                }
            }

            if (Path.GetFileName(where) == "token_cache.json")
            {
                continue;
            }

            foreach (var token in tokens)
            {
                if (Contains(content, token))
                {
                    leaks.Add($"a Microshare bearer token appears in {where}");
                }
            }
        }

        return leaks;
    }

    private static bool Contains(byte[] content, string secret)
    {
        return content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0
            || content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0;
    }
}
