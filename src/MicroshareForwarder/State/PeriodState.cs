namespace MicroshareForwarder.State;

/// <summary>The last forwarded content of one closed dashboard period.</summary>
/// <param name="Feed">The feed that forwarded it.</param>
/// <param name="Subject">The period's stable id: SHA-256 of record type, sorted location tags and period start.</param>
/// <param name="PeriodStart">The start of the period.</param>
/// <param name="ContentSha256">SHA-256 of the entry's bytes as last forwarded, lower-case hex.</param>
/// <param name="Revision">0 for the first forwarded content, then 1, 2, ... for each change.</param>
internal sealed record PeriodState(string Feed, string Subject, DateTimeOffset PeriodStart, string ContentSha256, int Revision);
