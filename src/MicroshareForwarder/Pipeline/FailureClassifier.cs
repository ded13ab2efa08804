using MicroshareForwarder.Cli;
using MicroshareForwarder.Configuration;
using MicroshareForwarder.EventHubs;
using MicroshareForwarder.Microshare;
using MicroshareForwarder.State;
using Microsoft.Data.Sqlite;

namespace MicroshareForwarder.Pipeline;

/// <summary>Maps a failure to its sysexits code: temporary (75), permission (77), configuration (78) or internal (70).</summary>
internal static class FailureClassifier
{
    private const int SqliteFull = 13;
    private const int DiskFullHResult = 28;

    public static int Classify(Exception exception)
    {
        return exception switch
        {
            ConfigurationException => ExitCodes.Configuration,
            KeyVault.KeyVaultReadException keyVault => keyVault.ExitCode,
            MicroshareAuthenticationException => ExitCodes.NoPermission,
            MicroshareRequestException { IsTransient: true } => ExitCodes.TemporaryFailure,
            MicroshareRequestException { StatusCode: 401 or 403 } => ExitCodes.NoPermission,
            MicroshareRequestException => ExitCodes.Configuration,
            EventHubPublishException publish => publish.ExitCode,
            StoreCorruptException => ExitCodes.StoreDamaged,
            InstanceLockedException => ExitCodes.TemporaryFailure,
            SqliteException { SqliteErrorCode: SqliteFull } => ExitCodes.TemporaryFailure,
            IOException io when (io.HResult & 0xFFFF) == DiskFullHResult => ExitCodes.TemporaryFailure,
            OperationCanceledException => ExitCodes.TemporaryFailure,
            _ => ExitCodes.Software,
        };
    }

    /// <summary>Returns a message for people: the exception's own text for the forwarder's errors, the type and text otherwise.</summary>
    public static string Describe(Exception exception)
    {
        return exception switch
        {
            SqliteException { SqliteErrorCode: SqliteFull } => "The disk holding the state directory is full; free space and run again. Nothing was lost: the store rolled back the unfinished transaction.",
            OperationCanceledException => "The run was stopped before it finished; what was fetched stays in the outbox for the next run.",
            ConfigurationException or KeyVault.KeyVaultReadException or MicroshareAuthenticationException or MicroshareRequestException or EventHubPublishException or StoreCorruptException or InstanceLockedException => exception.Message,
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
    }
}
