namespace MicroshareForwarder.State;

/// <summary>
/// The store's schema as forward migrations. <c>PRAGMA user_version</c> is the number of
/// migrations applied. A new version appends a migration and never edits an old one.
/// </summary>
internal static class StoreSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            feed TEXT NOT NULL,
            destination TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            source TEXT NOT NULL,
            event_time_ms INTEGER NOT NULL,
            partition_key TEXT,
            body BLOB NOT NULL,
            enqueued_at_ms INTEGER NOT NULL,
            UNIQUE (destination, event_id)
        );
        CREATE INDEX outbox_by_feed ON outbox (feed, destination, sequence);

        CREATE TABLE delivered (
            destination TEXT NOT NULL,
            event_id TEXT NOT NULL,
            feed TEXT NOT NULL,
            delivered_at_ms INTEGER NOT NULL,
            PRIMARY KEY (destination, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX delivered_by_time ON delivered (delivered_at_ms);

        CREATE TABLE feeds (
            feed TEXT PRIMARY KEY,
            watermark_ms INTEGER,
            updated_at_ms INTEGER NOT NULL
        );

        CREATE TABLE rejected (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed TEXT NOT NULL,
            record_id TEXT,
            reason TEXT NOT NULL,
            body BLOB NOT NULL,
            rejected_at_ms INTEGER NOT NULL
        );

        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed TEXT NOT NULL,
            destination TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            source TEXT NOT NULL,
            event_time_ms INTEGER NOT NULL,
            partition_key TEXT,
            body BLOB NOT NULL,
            reason TEXT NOT NULL,
            quarantined_at_ms INTEGER NOT NULL,
            UNIQUE (destination, event_id)
        );

        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            started_at_ms INTEGER NOT NULL,
            ended_at_ms INTEGER,
            exit_code INTEGER,
            summary TEXT
        );
        """,

        // Dashboard periods: the subject and revision of each event, and the content hash of each
        // closed period already forwarded, so a later change goes out as a revision.
        """
        ALTER TABLE outbox ADD COLUMN subject TEXT;
        ALTER TABLE outbox ADD COLUMN revision INTEGER;
        ALTER TABLE quarantine ADD COLUMN subject TEXT;
        ALTER TABLE quarantine ADD COLUMN revision INTEGER;

        CREATE TABLE periods (
            feed TEXT NOT NULL,
            subject TEXT NOT NULL,
            period_start_ms INTEGER NOT NULL,
            content_sha256 TEXT NOT NULL,
            revision INTEGER NOT NULL,
            updated_at_ms INTEGER NOT NULL,
            PRIMARY KEY (feed, subject)
        ) WITHOUT ROWID;
        CREATE INDEX periods_by_start ON periods (feed, period_start_ms);
        """,

        // Backfill progress: a job per requested range, a row per finished day-sized window,
        // and, for --resend, the ids this job already committed to the outbox.
        """
        CREATE TABLE backfill_jobs (
            job_id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed TEXT NOT NULL,
            destination TEXT NOT NULL,
            from_ms INTEGER NOT NULL,
            to_ms INTEGER NOT NULL,
            resend INTEGER NOT NULL,
            created_at_ms INTEGER NOT NULL,
            completed_at_ms INTEGER
        );

        CREATE TABLE backfill_windows (
            job_id INTEGER NOT NULL REFERENCES backfill_jobs (job_id),
            window_start_ms INTEGER NOT NULL,
            window_end_ms INTEGER NOT NULL,
            forwarded INTEGER NOT NULL,
            completed_at_ms INTEGER NOT NULL,
            PRIMARY KEY (job_id, window_start_ms)
        ) WITHOUT ROWID;

        CREATE TABLE backfill_sent (
            job_id INTEGER NOT NULL REFERENCES backfill_jobs (job_id),
            destination TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (job_id, destination, event_id)
        ) WITHOUT ROWID;
        """,
    ];
}
