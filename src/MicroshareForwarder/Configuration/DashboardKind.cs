namespace MicroshareForwarder.Configuration;

/// <summary>Which series a dashboard feed reads through the <c>io.microshare.fm.master.agg</c> View.</summary>
internal enum DashboardKind
{
    /// <summary>Hourly occupancy snapshots, record type <c>io.microshare.lake.snapshot.hourly</c>.</summary>
    Snapshot,

    /// <summary>People-counter aggregates, record type <c>io.microshare.peoplecounter.unpacked.event.agg</c>.</summary>
    PeopleCounter,
}
