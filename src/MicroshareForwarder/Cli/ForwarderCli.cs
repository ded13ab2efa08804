using System.CommandLine;

namespace MicroshareForwarder.Cli;

/// <summary>The <c>microshare-forwarder</c> command line.</summary>
internal static class ForwarderCli
{
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var common = new CommonOptions();
        var root = new RootCommand("Forward Microshare occupancy records to Azure Event Hubs without losing or repeating any.");
        root.Subcommands.Add(RunCommand.Create(common, context));
        root.Subcommands.Add(CheckCommand.Create(common, context));
        root.Subcommands.Add(StatusCommand.Create(common, context));
        root.Subcommands.Add(BackfillCommand.Create(common, context));
        root.Subcommands.Add(ServiceLoopCommand.Create(common, context));
        root.Subcommands.Add(QuarantineCommand.Create(common, context));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(context with { Stopping = cancellationToken });
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,

            // Program registers its own SIGTERM and SIGINT handlers, which cancel cancellationToken.
            ProcessTerminationTimeout = null,
        };

        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
