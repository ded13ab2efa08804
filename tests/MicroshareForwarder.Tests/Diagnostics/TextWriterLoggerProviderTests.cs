using MicroshareForwarder.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Tests.Diagnostics;

public sealed class TextWriterLoggerProviderTests
{
    [Fact]
    public void RepeatedWarning_IsCountedNotRepeated()
    {
        using var output = new StringWriter();
        var provider = new TextWriterLoggerProvider(output, LogFormat.Text);
        var logger = provider.CreateLogger("MicroshareForwarder.Pipeline.ShareFeedRunner");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            logger.LogWarning(new EventId(3101), "Feed share stopped at the page cap");
        }

        logger.LogWarning(new EventId(3101), "Feed lobby stopped at the page cap");
        logger.LogInformation(new EventId(3104), "Feed share: fetched 10");
        logger.LogInformation(new EventId(3104), "Feed share: fetched 10");
        provider.Dispose();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, line => line.EndsWith("] Feed share stopped at the page cap", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("Feed lobby stopped at the page cap", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(line => line.Contains("Feed share: fetched 10", StringComparison.Ordinal)));
        Assert.Single(lines, line => line.Contains("warn ShareFeedRunner[3101] The previous warning was repeated 4 more times: Feed share stopped at the page cap", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void FlushRepeatedWarnings_WritesSummaryAndStartsOver()
    {
        using var output = new StringWriter();
        using var provider = new TextWriterLoggerProvider(output, LogFormat.Json);
        var logger = provider.CreateLogger("Cycle");

        logger.LogWarning("Same warning");
        logger.LogWarning("Same warning");
        provider.FlushRepeatedWarnings();
        logger.LogWarning("Same warning");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("repeated 1 more times", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"message\":\"Same warning\"", lines[2], StringComparison.Ordinal);
    }
}
