using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// Writes log records synchronously to one <see cref="TextWriter"/> (stderr in the real
/// process), so no record is lost when a oneshot run exits straight after logging. A
/// warning identical to one already written (same category, event id and message) is
/// counted instead of written again; <see cref="FlushRepeatedWarnings"/> and
/// <see cref="Dispose"/> write one summary line per repeated warning.
/// </summary>
internal sealed class TextWriterLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, TextWriterLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TextWriter _writer;
    private readonly LogFormat _format;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<(string Category, int EventId, string Message), RepeatCount> _warnings = [];

    public TextWriterLoggerProvider(TextWriter writer, LogFormat format)
    {
        _writer = writer;
        _format = format;
    }

    public ILogger CreateLogger(string categoryName)
    {
        return _loggers.GetOrAdd(categoryName, name => new TextWriterLogger(name, this));
    }

    /// <summary>Writes a summary line for every warning held back since the last flush, and clears the record of warnings seen.</summary>
    public void FlushRepeatedWarnings()
    {
        List<KeyValuePair<(string Category, int EventId, string Message), RepeatCount>> repeated;
        lock (_writeLock)
        {
            repeated = _warnings.Where(pair => pair.Value.Repeats > 0).ToList();
            _warnings.Clear();
        }

        foreach (var ((category, eventId, message), count) in repeated)
        {
            ((TextWriterLogger)CreateLogger(category)).WriteRepeatSummary(new EventId(eventId), message, count.Repeats);
        }
    }

    public void Dispose()
    {
        FlushRepeatedWarnings();
        lock (_writeLock)
        {
            _writer.Flush();
        }
    }

    /// <summary>Returns true when the warning is new and must be written; otherwise counts it as a repeat.</summary>
    internal bool TryRegisterWarning(string category, EventId eventId, string message)
    {
        lock (_writeLock)
        {
            var key = (category, eventId.Id, message);
            if (_warnings.TryGetValue(key, out var count))
            {
                count.Repeats++;
                return false;
            }

            _warnings[key] = new RepeatCount();
            return true;
        }
    }

    internal void Write(string line)
    {
        lock (_writeLock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    internal LogFormat Format => _format;

    private sealed class RepeatCount
    {
        public int Repeats { get; set; }
    }
}
