namespace MicroshareForwarder.Cli;

/// <summary>Process exit codes, following <c>sysexits.h</c> so systemd and monitoring can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>status</c> only: the last run failed or the lag is above its threshold.</summary>
    public const int Unhealthy = 1;

    /// <summary>EX_SOFTWARE: an unexpected internal error.</summary>
    public const int Software = 70;

    /// <summary>EX_IOERR: the state store is damaged and needs an operator's decision.</summary>
    public const int StoreDamaged = 74;

    /// <summary>EX_TEMPFAIL: a temporary failure; the next run retries and nothing was lost.</summary>
    public const int TemporaryFailure = 75;

    /// <summary>EX_NOPERM: credentials or permissions were rejected.</summary>
    public const int NoPermission = 77;

    /// <summary>EX_CONFIG: the configuration is invalid.</summary>
    public const int Configuration = 78;

    /// <summary>Ranks exit codes by how much operator attention they need, so a run reports its worst failure.</summary>
    public static int Worst(int left, int right)
    {
        return Rank(left) >= Rank(right) ? left : right;
    }

    private static int Rank(int exitCode) => exitCode switch
    {
        Success => 0,
        TemporaryFailure => 1,
        NoPermission => 3,
        StoreDamaged => 4,
        Configuration => 5,
        _ => 2,
    };
}
