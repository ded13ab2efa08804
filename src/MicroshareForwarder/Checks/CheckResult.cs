using MicroshareForwarder.Cli;

namespace MicroshareForwarder.Checks;

/// <summary>One line of <c>microshare-forwarder check</c>: what was checked, the outcome, and the finding or the fix.</summary>
internal sealed record CheckResult(string Name, CheckStatus Status, string Detail, int ExitCode)
{
    public static CheckResult Pass(string name, string detail) => new(name, CheckStatus.Pass, detail, ExitCodes.Success);

    public static CheckResult Skip(string name, string detail) => new(name, CheckStatus.Skip, detail, ExitCodes.Success);

    public static CheckResult Fail(string name, string detail, int exitCode) => new(name, CheckStatus.Fail, detail, exitCode);
}
