namespace MicroshareForwarder.Pipeline;

/// <summary>Receives a backfill's progress after every page and every finished window.</summary>
internal interface IBackfillProgress
{
    void PageDone(BackfillReport report);

    void WindowCompleted(BackfillReport report, BackfillWindow window, long forwarded);
}
