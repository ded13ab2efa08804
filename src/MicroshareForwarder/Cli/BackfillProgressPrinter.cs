using System.Globalization;
using MicroshareForwarder.Pipeline;

namespace MicroshareForwarder.Cli;

/// <summary>
/// Shows a backfill's progress on stderr: a bar redrawn in place with records per second
/// and the time left when stderr is a terminal, otherwise a plain line per finished
/// window and at most one line per <see cref="PlainLineInterval"/> between them. Progress
/// is measured by how far back in the range the walk has reached, because the API does
/// not tell how many records a range holds.
/// </summary>
internal sealed class BackfillProgressPrinter : IBackfillProgress
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(10);
    private const int BarWidth = 30;

    private readonly TextWriter _writer;
    private readonly bool _isTerminal;
    private readonly TimeProvider _timeProvider;
    private readonly long _startedAt;
    private TimeSpan _lastPlainLine;

    public BackfillProgressPrinter(TextWriter writer, bool isTerminal, TimeProvider timeProvider)
    {
        _writer = writer;
        _isTerminal = isTerminal;
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetTimestamp();
    }

    public void PageDone(BackfillReport report)
    {
        var elapsed = _timeProvider.GetElapsedTime(_startedAt);
        if (_isTerminal)
        {
            _writer.Write($"\r{Bar(report)} {Describe(report, elapsed)}\u001b[K");
            _writer.Flush();
            return;
        }

        if (elapsed - _lastPlainLine >= PlainLineInterval)
        {
            _lastPlainLine = elapsed;
            _writer.WriteLine($"Backfill {report.Feed}: {Describe(report, elapsed)}");
            _writer.Flush();
        }
    }

    public void WindowCompleted(BackfillReport report, BackfillWindow window, long forwarded)
    {
        if (_isTerminal)
        {
            return;
        }

        var elapsed = _timeProvider.GetElapsedTime(_startedAt);
        _lastPlainLine = elapsed;
        _writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Backfill {report.Feed}: window {window.Start:yyyy-MM-dd'T'HH:mm'Z'} to {window.End:yyyy-MM-dd'T'HH:mm'Z'} finished, {forwarded} forwarded; {Describe(report, elapsed)}"));
        _writer.Flush();
    }

    /// <summary>Ends the bar's line, so the next output starts on a fresh one.</summary>
    public void Finish()
    {
        if (_isTerminal)
        {
            _writer.WriteLine();
            _writer.Flush();
        }
    }

    internal static double Fraction(BackfillReport report)
    {
        if (report.Finished)
        {
            return 1;
        }

        var span = report.Request.To - report.Request.From;
        if (report.ReachedBack is not { } reached || span <= TimeSpan.Zero)
        {
            return 0;
        }

        return Math.Clamp((report.Request.To - reached) / span, 0, 1);
    }

    private static string Bar(BackfillReport report)
    {
        var filled = (int)Math.Round(Fraction(report) * BarWidth);
        return $"[{new string('#', filled)}{new string('-', BarWidth - filled)}]";
    }

    private static string Describe(BackfillReport report, TimeSpan elapsed)
    {
        var fraction = Fraction(report);
        var rate = elapsed.TotalSeconds > 0 ? report.Fetched / elapsed.TotalSeconds : 0;
        var remaining = fraction > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction) : (TimeSpan?)null;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{fraction:P0}, {report.WindowsCompleted}/{report.WindowsTotal} days, {report.Forwarded} forwarded, {report.Duplicates} duplicates, {rate:F0} records/s, {(remaining is { } left ? $"about {left.TotalSeconds:F0} s left" : "time left unknown")}");
    }
}
