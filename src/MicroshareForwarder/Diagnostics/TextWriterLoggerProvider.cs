using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Diagnostics;

/// <summary>
/// Writes log records synchronously to one <see cref="TextWriter"/> (stderr in the real
/// process), so no record is lost when a oneshot run exits straight after logging.
/// </summary>
internal sealed class TextWriterLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, TextWriterLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TextWriter _writer;
    private readonly LogFormat _format;
    private readonly Lock _writeLock = new();

    public TextWriterLoggerProvider(TextWriter writer, LogFormat format)
    {
        _writer = writer;
        _format = format;
    }

    public ILogger CreateLogger(string categoryName)
    {
        return _loggers.GetOrAdd(categoryName, name => new TextWriterLogger(name, this));
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _writer.Flush();
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
}
