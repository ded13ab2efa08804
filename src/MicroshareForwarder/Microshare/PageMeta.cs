namespace MicroshareForwarder.Microshare;

/// <summary>
/// The <c>meta</c> object of a Microshare envelope. Every field is optional because
/// published responses omit some of them; none of them alone can end a page walk, since
/// <c>totalCount</c> also counts records that the caller cannot see.
/// </summary>
internal sealed record PageMeta(int? TotalPages, int? CurrentPage, int? PerPage, long? TotalCount, int? CurrentCount);
