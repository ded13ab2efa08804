namespace MicroshareForwarder.State;

/// <summary>Raised when the store file fails its integrity check at start; the damaged file has been moved aside.</summary>
internal sealed class StoreCorruptException : Exception
{
    public StoreCorruptException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
