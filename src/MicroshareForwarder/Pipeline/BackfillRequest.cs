namespace MicroshareForwarder.Pipeline;

/// <summary>A range of record times to forward again, both ends included.</summary>
/// <param name="Resend">True sends records again even when they were delivered, with their original ids.</param>
internal sealed record BackfillRequest(DateTimeOffset From, DateTimeOffset To, bool Resend);
