namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Where visible records fall on the pages of one listing. Pages listed as short or empty hold
/// other users' records in the slots that visible records would have filled, so visible records move
/// to later pages and those slots, like <see cref="MicroshareSimulatorOptions.HiddenRecordCount"/>,
/// count in <c>totalCount</c>.
/// </summary>
/// <param name="Start">Index, in sort order, of the first visible record on the requested page.</param>
/// <param name="Count">Number of visible records on the requested page.</param>
/// <param name="TotalCount">Visible plus invisible records of the type.</param>
/// <param name="TotalPages"><paramref name="TotalCount"/> divided by the page size, rounded up.</param>
internal readonly record struct PageLayout(int Start, int Count, long TotalCount, long TotalPages)
{
    public static PageLayout Compute(int visibleCount, int page, int perPage, MicroshareSimulatorOptions options)
    {
        int placed = 0;
        long invisibleSlots = 0;
        int start = visibleCount;
        int count = 0;

        for (int current = 1; placed < visibleCount; current++)
        {
            int capacity = options.EmptyPages.Contains(current) ? 0
                : options.ShortPages.Contains(current) ? perPage / 2
                : perPage;
            int onPage = Math.Min(capacity, visibleCount - placed);

            invisibleSlots += perPage - capacity;
            if (current == page)
            {
                start = placed;
                count = onPage;
            }

            placed += onPage;
        }

        long totalCount = visibleCount + invisibleSlots + options.HiddenRecordCount;
        long totalPages = (totalCount + perPage - 1) / perPage;

        return new PageLayout(start, count, totalCount, totalPages);
    }
}
