namespace MicroshareForwarder.Checks;

/// <summary>The outcome of one pre-flight check.</summary>
internal enum CheckStatus
{
    Pass,
    Fail,

    /// <summary>
    /// A check that was not run, because it does not apply to this configuration or an earlier
    /// line already failed for the same host. It counts as neither pass nor fail.
    /// </summary>
    Skip,
}
