namespace MicroshareForwarder.Tests.Deploy;

/// <summary>Runs systemd-analyze, which the Debian package systemd provides.</summary>
internal static class SystemdAnalyze
{
    public static Task<CommandResult> RunAsync(params string[] arguments)
    {
        var program = ExternalCommand.FindOnPath("systemd-analyze");
        Assert.True(
            program is not null,
            "systemd-analyze not found on PATH. Install the Debian package systemd (apt-get install systemd); .ci/run installs it.");

        return ExternalCommand.RunAsync(program, arguments);
    }
}
