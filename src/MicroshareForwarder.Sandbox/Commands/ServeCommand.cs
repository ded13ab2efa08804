using System.CommandLine;
using System.Runtime.InteropServices;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.EventHubs;

namespace MicroshareForwarder.Sandbox.Commands;

/// <summary>
/// <c>serve</c>: starts the sandbox, writes the <c>.env</c> that points the forwarder at
/// it, prints those settings and keeps running until interrupted.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var records = new Option<int>("--records")
        {
            Description = "How many share records the simulator serves. Default: 5000.",
            DefaultValueFactory = _ => 5000,
        };
        var envFile = new Option<string>("--write-env")
        {
            Description = "Where to write the .env file for the forwarder (mode 0600). Default: ./sandbox.env.",
            DefaultValueFactory = _ => "sandbox.env",
            HelpName = "PATH",
        };
        var stateDirectory = new Option<string>("--state-dir")
        {
            Description = "The forwarder state directory named in the .env file. Default: ./.sandbox/state.",
            DefaultValueFactory = _ => Path.Combine(".sandbox", "state"),
            HelpName = "PATH",
        };
        var fault = new Option<string>("--eventhubs-fault")
        {
            Description = "Make the Event Hubs endpoint fail: none, unauthorized (a missing Data Sender role), unknown-hub, or server-busy.",
            DefaultValueFactory = _ => "none",
        };
        fault.AcceptOnlyFromAmong("none", "unauthorized", "unknown-hub", "server-busy");
        var maxMessageSize = new Option<long>("--eventhubs-max-message-size")
        {
            Description = "The largest message or batch the endpoint accepts, in bytes: 1048576 mirrors the Standard tier, 262144 the Basic tier. Default: 1048576.",
            DefaultValueFactory = _ => 1_048_576,
            HelpName = "BYTES",
        };

        var command = new Command("serve", "Start the loopback Microshare simulator and Event Hubs endpoint, write a .env for the forwarder, and run until Ctrl+C.");
        command.Options.Add(records);
        command.Options.Add(envFile);
        command.Options.Add(stateDirectory);
        command.Options.Add(fault);
        command.Options.Add(maxMessageSize);
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            new SandboxEnvironmentOptions
            {
                RecordCount = parseResult.GetValue(records),
                EventHubsFault = ParseFault(parseResult.GetValue(fault)!),
                MaxMessageSizeBytes = parseResult.GetValue(maxMessageSize),
            },
            Path.GetFullPath(parseResult.GetValue(envFile)!),
            Path.GetFullPath(parseResult.GetValue(stateDirectory)!),
            cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(SandboxEnvironmentOptions options, string envFile, string stateDirectory, CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxEnvironment.StartAsync(options, cancellationToken).ConfigureAwait(false);
        sandbox.WriteEnvFile(envFile, stateDirectory);

        Console.WriteLine($"Microshare simulator: {sandbox.Simulator.BaseUrl} ({options.RecordCount} records; stats at {new Uri(sandbox.Simulator.BaseUrl, "_sandbox/stats")})");
        Console.WriteLine($"Event Hubs endpoint:  {sandbox.EventHubs.Address} (hub '{sandbox.HubName}', fault {options.EventHubsFault}, limit {options.MaxMessageSizeBytes} bytes)");
        Console.WriteLine();
        Console.WriteLine($"Settings for the forwarder, also written to {envFile}:");
        foreach (var (key, value) in sandbox.CreateSettings(stateDirectory))
        {
            Console.WriteLine($"{key}=\"{value}\"");
        }

        Console.WriteLine();
        Console.WriteLine($"Run: dotnet run --project src/MicroshareForwarder -- run --env-file {envFile}");
        Console.WriteLine("Press Ctrl+C to stop.");

        // System.CommandLine 2.0.0 does not always cancel the action's token on SIGTERM, so
        // serve registers the signal itself and a plain `kill PID` stops it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping the sandbox.");
        }

        return 0;
    }

    private static EventHubsFault ParseFault(string value) => value switch
    {
        "unauthorized" => EventHubsFault.Unauthorized,
        "unknown-hub" => EventHubsFault.UnknownHub,
        "server-busy" => EventHubsFault.ServerBusy,
        _ => EventHubsFault.None,
    };
}
