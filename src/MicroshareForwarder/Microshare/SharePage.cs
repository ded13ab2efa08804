namespace MicroshareForwarder.Microshare;

/// <summary>One page of a <c>/share</c> listing.</summary>
/// <param name="Number">The 1-based page number that was requested.</param>
/// <param name="Meta">The envelope's <c>meta</c>, or null when the response had none.</param>
/// <param name="Records">The records in page order.</param>
/// <param name="ByteCount">The size of the decompressed response body.</param>
internal sealed record SharePage(int Number, PageMeta? Meta, IReadOnlyList<ShareRecord> Records, int ByteCount);
