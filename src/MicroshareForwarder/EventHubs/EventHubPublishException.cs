namespace MicroshareForwarder.EventHubs;

/// <summary>
/// Raised when a send to Event Hubs fails for good in this run. <see cref="ExitCode"/> is
/// the sysexits code the failure maps to, and the message names the namespace, the hub
/// and what to fix.
/// </summary>
internal sealed class EventHubPublishException : Exception
{
    public EventHubPublishException(string message, int exitCode, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
