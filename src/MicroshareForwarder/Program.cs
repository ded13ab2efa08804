using System.Runtime.InteropServices;
using MicroshareForwarder.Cli;

using var stopping = new CancellationTokenSource();

// SIGTERM (systemd stop) and SIGINT (Ctrl+C) cancel the run; it finishes the batch in flight,
// keeps the rest in the outbox and exits 75. A second signal is not intercepted and ends the process.
void Stop(PosixSignalContext signal)
{
    if (!stopping.IsCancellationRequested)
    {
        signal.Cancel = true;
        stopping.Cancel();
    }
}

using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

return await ForwarderCli.InvokeAsync(args, CliContext.FromProcess(), stopping.Token);
