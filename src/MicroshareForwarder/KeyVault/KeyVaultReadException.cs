namespace MicroshareForwarder.KeyVault;

/// <summary>Raised when Key Vault refuses access (exit code 77) or cannot be reached (75).</summary>
internal sealed class KeyVaultReadException : Exception
{
    public KeyVaultReadException(string message, int exitCode, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
