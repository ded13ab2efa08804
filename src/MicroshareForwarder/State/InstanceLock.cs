using System.Globalization;

namespace MicroshareForwarder.State;

/// <summary>
/// An exclusive lock on <c>forwarder.lock</c> in the state directory, so two runs never
/// forward at the same time. The lock is an advisory <c>flock</c>, which the kernel
/// releases when the process dies, so a killed run never leaves a stale lock. The
/// holder writes its process id to <c>forwarder.pid</c> for the error message of the next.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private const string LockFileName = "forwarder.lock";
    private const string PidFileName = "forwarder.pid";

    private readonly FileStream _stream;

    private InstanceLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Takes the lock or throws <see cref="InstanceLockedException"/> at once; it never waits.</summary>
    public static InstanceLock Acquire(string stateDirectory)
    {
        var lockPath = Path.Combine(stateDirectory, LockFileName);
        var pidPath = Path.Combine(stateDirectory, PidFileName);

        FileStream stream;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = AtomicFile.OwnerOnly;
            }

            stream = new FileStream(lockPath, options);
        }
        catch (IOException)
        {
            throw new InstanceLockedException(ReadHolder(pidPath), stateDirectory);
        }

        File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new InstanceLock(stream);
    }

    public void Dispose()
    {
        _stream.Dispose();
    }

    private static int? ReadHolder(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
