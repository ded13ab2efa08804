namespace MicroshareForwarder.State;

/// <summary>Raised when another forwarder process holds the state directory's lock.</summary>
internal sealed class InstanceLockedException : Exception
{
    public InstanceLockedException(int? holderProcessId, string stateDirectory)
        : base(holderProcessId is { } pid
            ? $"Another forwarder run (process id {pid}) is using the state directory '{stateDirectory}'; this run exits and the next one will catch up."
            : $"Another forwarder run is using the state directory '{stateDirectory}'; this run exits and the next one will catch up.")
    {
        HolderProcessId = holderProcessId;
    }

    public int? HolderProcessId { get; }
}
