using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Diagnostics;

/// <summary>A logger of <see cref="TextWriterLoggerProvider"/>; formats one record per line.</summary>
internal sealed class TextWriterLogger : ILogger
{
    private readonly string _category;
    private readonly TextWriterLoggerProvider _provider;

    public TextWriterLogger(string category, TextWriterLoggerProvider provider)
    {
        _category = category;
        _provider = provider;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (logLevel == LogLevel.Warning && !_provider.TryRegisterWarning(_category, eventId, message))
        {
            return;
        }

        WriteLine(logLevel, eventId, state, message, exception);
    }

    /// <summary>Writes a line that summarises how often a warning was held back since it was first written.</summary>
    internal void WriteRepeatSummary(EventId eventId, string message, int repeats)
    {
        var summary = $"The previous warning was repeated {repeats} more times: {message}";
        WriteLine<object?>(LogLevel.Warning, eventId, null, summary, null);
    }

    private void WriteLine<TState>(LogLevel logLevel, EventId eventId, TState state, string message, Exception? exception)
    {
        var line = _provider.Format switch
        {
            LogFormat.Json => FormatJson(logLevel, eventId, state, message, exception),
            LogFormat.Systemd => $"<{JournalPriority(logLevel)}>{ShortCategory()}[{eventId.Id}]: {message}{FormatException(exception)}",
            _ => string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {LevelName(logLevel)} {ShortCategory()}[{eventId.Id}] {message}{FormatException(exception)}"),
        };
        _provider.Write(line);
    }

    private string FormatJson<TState>(LogLevel logLevel, EventId eventId, TState state, string message, Exception? exception)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow);
            writer.WriteString("level", logLevel.ToString());
            writer.WriteString("category", _category);
            writer.WriteNumber("eventId", eventId.Id);
            if (eventId.Name is { } name)
            {
                writer.WriteString("eventName", name);
            }

            writer.WriteString("message", message);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == "{OriginalFormat}")
                    {
                        continue;
                    }

                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }
            }

            if (exception is not null)
            {
                writer.WriteString("exception", exception.GetType().FullName);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case int or long or short or byte or uint or ulong:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string FormatException(Exception? exception)
    {
        // Only the type: exception messages from libraries can carry URLs or payload fragments.
        return exception is null ? string.Empty : $" ({exception.GetType().Name})";
    }

    private string ShortCategory()
    {
        var lastDot = _category.LastIndexOf('.');
        return lastDot < 0 ? _category : _category[(lastDot + 1)..];
    }

    private static string LevelName(LogLevel logLevel) => logLevel switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private static int JournalPriority(LogLevel logLevel) => logLevel switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Information => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };
}
