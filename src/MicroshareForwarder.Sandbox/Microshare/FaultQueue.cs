namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Faults waiting for a matching request, in the order they were added.</summary>
internal sealed class FaultQueue
{
    private readonly Lock _lock = new();

    private readonly List<SimulatorFault> _faults = [];

    public void Enqueue(SimulatorFault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Removes and returns the oldest fault that matches the request, or null when none does.</summary>
    public SimulatorFault? TryTake(string path, int page)
    {
        lock (_lock)
        {
            int index = _faults.FindIndex(fault => Matches(fault, path, page));
            if (index < 0)
            {
                return null;
            }

            SimulatorFault fault = _faults[index];
            _faults.RemoveAt(index);

            return fault;
        }
    }

    private static bool Matches(SimulatorFault fault, string path, int page) =>
        (fault.PathPrefix is null || path.StartsWith(fault.PathPrefix, StringComparison.OrdinalIgnoreCase))
        && (fault.Page is null || fault.Page == page);
}
