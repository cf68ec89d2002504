import GRDB

/// The database's schema, as versioned migrations. Append new migrations; never edit a shipped one (a database
/// records which ones it has run, and the volume outlives any one skep version).
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: run, item") { db in
      // Times are integer milliseconds since 1970 (UTC): exact, compact, and durations are a subtraction in SQL.
      try db.execute(
        sql: """
          CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job TEXT NOT NULL CHECK (job <> ''),
            trigger TEXT NOT NULL CHECK (trigger IN ('scheduled', 'caughtUp', 'manual')),
            due INTEGER,
            started INTEGER NOT NULL,
            ended INTEGER,
            status TEXT NOT NULL
              CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
            message TEXT,
            bytesAdded INTEGER,
            CHECK ((status = 'running') = (ended IS NULL)),
            CHECK ((trigger = 'manual') = (due IS NULL))
          );
          -- At most one running run per job, whoever writes: the backstop behind start's own check.
          CREATE UNIQUE INDEX run_running ON run(job) WHERE status = 'running';
          -- Newest first, all jobs or one; the last run per job.
          CREATE INDEX run_started ON run(started);
          CREATE INDEX run_job_started ON run(job, started);
          -- The catch-up rule: the newest due time per job.
          CREATE INDEX run_job_due ON run(job, due) WHERE due IS NOT NULL;
          -- Failures since a date.
          CREATE INDEX run_failures ON run(started) WHERE status IN ('failed', 'interrupted');

          CREATE TABLE item (
            id INTEGER PRIMARY KEY,
            runID INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            node TEXT NOT NULL,
            volume TEXT,
            kind TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
            message TEXT,
            bytesAdded INTEGER,
            bytesTotal INTEGER,
            duration REAL,
            reference TEXT
          );
          CREATE INDEX item_run ON item(runID);
          """)
    }
    return migrator
  }
}
