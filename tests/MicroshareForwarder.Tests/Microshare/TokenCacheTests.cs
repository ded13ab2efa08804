using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class TokenCacheTests : IDisposable
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _directory = Directory.CreateTempSubdirectory("token-cache-").FullName;

    [Fact]
    public async Task Write_WhileWatched_NeverShowsAWiderModeThan0600()
    {
        var cache = new TokenCache(_directory, CreateOptions("password"), NullLogger.Instance);
        var observedModes = new HashSet<UnixFileMode>();
        var filesSeen = 0;
        using var stop = new CancellationTokenSource();

        // A second thread looks at every file in the directory as fast as it can while the cache is rewritten.
        var watcher = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var file in Directory.EnumerateFiles(_directory))
                {
                    try
                    {
                        observedModes.Add(File.GetUnixFileMode(file));
                        filesSeen++;
                    }
                    catch (FileNotFoundException)
                    {
                        // Renamed away between listing and reading.
                    }
                }
            }
        });

        for (var index = 0; index < 200; index++)
        {
            await cache.WriteAsync(new MicroshareToken($"token-{index}", DateTimeOffset.UtcNow.AddHours(1)));
        }

        stop.Cancel();
        await watcher;

        Assert.True(filesSeen > 0, "the watcher never saw a file");
        Assert.All(observedModes, mode => Assert.Equal((UnixFileMode)0, mode & GroupOrOther));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, TokenCache.FileName)));
    }

    [Fact]
    public async Task Read_SameSettings_ReturnsTheToken()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddHours(5);
        await new TokenCache(_directory, CreateOptions("password"), NullLogger.Instance).WriteAsync(new MicroshareToken("cached", expiresAt));

        var token = await new TokenCache(_directory, CreateOptions("password"), NullLogger.Instance).ReadAsync();

        Assert.Equal("cached", token?.AccessToken);
        Assert.Equal(expiresAt, token?.ExpiresAt);
    }

    [Fact]
    public async Task Read_ChangedPassword_ReturnsNull()
    {
        await new TokenCache(_directory, CreateOptions("old-password"), NullLogger.Instance).WriteAsync(new MicroshareToken("cached", DateTimeOffset.UtcNow.AddHours(5)));

        var token = await new TokenCache(_directory, CreateOptions("new-password"), NullLogger.Instance).ReadAsync();

        Assert.Null(token);
    }

    [Fact]
    public async Task Write_FileContent_DoesNotContainThePassword()
    {
        await new TokenCache(_directory, CreateOptions("canary-password-7f3a"), NullLogger.Instance).WriteAsync(new MicroshareToken("cached", DateTimeOffset.UtcNow.AddHours(5)));

        var text = await File.ReadAllTextAsync(Path.Combine(_directory, TokenCache.FileName));

        Assert.DoesNotContain("canary-password-7f3a", text);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"version\": 99}")]
    [InlineData("{\"version\":1,\"salt\":\"***\",\"fingerprint\":\"x\",\"accessToken\":\"t\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}")]
    public async Task Read_CorruptOrForeignFile_IsDiscarded(string content)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, TokenCache.FileName), content);

        var token = await new TokenCache(_directory, CreateOptions("password"), NullLogger.Instance).ReadAsync();

        Assert.Null(token);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private static MicroshareOptions CreateOptions(string password) => new()
    {
        Username = "user@example.com",
        Password = password,
        ApiKey = "key",
        AuthUrl = new Uri("https://auth.example.invalid/"),
        ApiUrl = new Uri("https://api.example.invalid/"),
    };
}
