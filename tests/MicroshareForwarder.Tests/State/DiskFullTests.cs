using System.Diagnostics;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Tests.Support;
using Xunit.Abstractions;

namespace MicroshareForwarder.Tests.State;

/// <summary>
/// Fills a real file system: the state directory lives on a 1 MiB tmpfs, which needs root
/// (<c>mount -t tmpfs</c>). Without root the test reports that it could not mount and passes
/// without checking anything.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_DiskFull_Exits75StoreConsistentThenRecovers()
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = 3000 });
        using var directory = new TestDirectory();
        Directory.CreateDirectory(directory.StateDirectory);
        if (!await MountAsync(directory.StateDirectory, "size=1m"))
        {
            output.WriteLine("mount -t tmpfs failed (not root?), so the disk-full check did not run.");
            return;
        }

        try
        {
            var envFile = SandboxEnvFile.Write(sandbox, directory);

            var full = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

            Assert.Equal(75, full.ExitCode);
            Assert.Contains("disk holding the state directory is full", full.Stderr, StringComparison.Ordinal);
            Assert.Equal("ok", StoreInspector.QuickCheck(directory.StateDirectory));
            Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "delivered"));
            Assert.Null(StoreInspector.Watermark(directory.StateDirectory, "share"));

            Assert.True(await MountAsync(directory.StateDirectory, "remount,size=64m"), "Growing the tmpfs failed.");
            var recovered = await InProcessForwarder.InvokeAsync("run", "--env-file", envFile);

            Assert.Equal(0, recovered.ExitCode);
            var check = DeliveryCheck.Compare(sandbox.Simulator.Records, sandbox.EventHubs.GetReceived(sandbox.HubName));
            Assert.True(check.Passed, check.Describe());
        }
        finally
        {
            await RunAsync("umount", directory.StateDirectory);
        }
    }

    private static Task<bool> MountAsync(string path, string options)
    {
        return options.StartsWith("remount", StringComparison.Ordinal)
            ? RunAsync("mount", "-o", options, path)
            : RunAsync("mount", "-t", "tmpfs", "-o", $"{options},mode=0700", "tmpfs", path);
    }

    private static async Task<bool> RunAsync(string program, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo)!;
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
