using System.Text;
using System.Text.Json;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;

namespace MicroshareForwarder.Tests.State;

public sealed class StateFileTests
{
    [Fact]
    public async Task Run_Completed_WritesEveryStateField()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 1200 });
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory);

        var run = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

        Assert.Equal(0, run.ExitCode);
        var path = Path.Combine(directory.StateDirectory, "state.json");
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(path));
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;

        var lastRun = root.GetProperty("lastRun");
        Assert.True(lastRun.GetProperty("startedAt").GetDateTimeOffset() <= lastRun.GetProperty("endedAt").GetDateTimeOffset());
        Assert.Equal("success", lastRun.GetProperty("result").GetString());
        Assert.Equal(0, lastRun.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, lastRun.GetProperty("error").ValueKind);

        var feed = root.GetProperty("feeds").GetProperty("share");
        Assert.Equal(1200, feed.GetProperty("fetched").GetInt64());
        Assert.Equal(1200, feed.GetProperty("forwarded").GetInt64());
        Assert.Equal(0, feed.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, feed.GetProperty("rejected").GetInt64());
        Assert.Equal(0, feed.GetProperty("quarantined").GetInt64());
        Assert.Equal(2, feed.GetProperty("pages").GetInt32());
        Assert.Equal(sandbox.Simulator.Records.Max(record => record.Tstamp), feed.GetProperty("watermark").GetDateTimeOffset());
        Assert.Equal(0, feed.GetProperty("outboxDepth").GetInt64());
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("paginationWarning").ValueKind);
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);

        var totals = root.GetProperty("totals");
        foreach (var name in new[] { "fetched", "forwarded", "duplicates", "rejected", "quarantined", "pages" })
        {
            Assert.Equal(feed.GetProperty(name).GetInt64(), totals.GetProperty(name).GetInt64());
        }

        Assert.Equal(0, root.GetProperty("outboxDepth").GetInt64());

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        var settings = sandbox.CreateSettings(directory.StateDirectory);
        Assert.DoesNotContain(settings["MICROSHARE_PASSWORD"], text, StringComparison.Ordinal);
        Assert.DoesNotContain(settings["MICROSHARE_API_KEY"], text, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Simulator.Records[0].Id, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Room", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory.StateDirectory, ".state.json.*"));
    }
}
