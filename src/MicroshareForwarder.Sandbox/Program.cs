using System.CommandLine;
using MicroshareForwarder.Sandbox.Commands;

var root = new RootCommand("Loopback Microshare simulator and Event Hubs endpoint for trying, testing and benchmarking microshare-forwarder. Never deployed.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return await root.Parse(args).InvokeAsync();
