namespace MicroshareForwarder.Diagnostics;

/// <summary>How log records are written to stderr.</summary>
internal enum LogFormat
{
    /// <summary>One line per record for people: time, level, category, message.</summary>
    Text,

    /// <summary>One JSON object per line, for log shippers.</summary>
    Json,

    /// <summary>Text with the <c>&lt;N&gt;</c> priority prefix that journald reads; chosen automatically under systemd.</summary>
    Systemd,
}
