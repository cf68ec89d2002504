import Foundation
import GRDB

extension RunHistoryStore {
  /// Recorded runs, newest first (by start), without items: all jobs or one, `limit` at most, and for paging only
  /// those with an id below `beforeID`.
  public func runs(job: String? = nil, limit: Int = 50, beforeID: Int64? = nil) async throws -> [JobRun] {
    try await read { db in
      var conditions: [String] = []
      var arguments: StatementArguments = []
      if let job {
        conditions.append("job = ?")
        arguments += [job]
      }
      if let beforeID {
        conditions.append("id < ?")
        arguments += [beforeID]
      }
      let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      arguments += [max(limit, 0)]
      return try Row.fetchAll(
        db, sql: "SELECT \(JobRun.columns) FROM run \(filter) ORDER BY started DESC, id DESC LIMIT ?",
        arguments: arguments
      ).map(JobRun.init(row:))
    }
  }

  /// One run with its items (in the order they were recorded); nil when there is no such run.
  public func run(id: Int64) async throws -> JobRun? {
    try await read { db in try Self.run(db, id: id, withItems: true) }
  }

  /// The newest due time recorded for `job`, whatever became of its run (running, finished, interrupted or
  /// skipped): every due time up to it has been handled. Manual runs have none. Nil when the job never ran on
  /// schedule. The scheduler's catch-up rule starts from it.
  public func lastDue(job: String) async throws -> Date? {
    try await read { db in
      try Int64.fetchOne(db, sql: "SELECT MAX(due) FROM run WHERE job = ? AND due IS NOT NULL", arguments: [job])
        .map(Millis.date)
    }
  }

  /// ``lastDue(job:)`` of every job that has one, in one read (for the scheduler at start-up).
  public func lastDues() async throws -> [String: Date] {
    try await read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT job, MAX(due) AS due FROM run WHERE due IS NOT NULL GROUP BY job")
      return Dictionary(uniqueKeysWithValues: rows.map { row in (row["job"], Millis.date(row["due"])) })
    }
  }

  /// The run of `job` going on, if any (at most one).
  public func running(job: String) async throws -> JobRun? {
    try await read { db in try Self.running(db, job: job) }
  }

  /// Every run going on, oldest first.
  public func running() async throws -> [JobRun] {
    try await read { db in
      try Row.fetchAll(db, sql: "SELECT \(JobRun.columns) FROM run WHERE status = 'running' ORDER BY started, id")
        .map(JobRun.init(row:))
    }
  }

  /// Failed and interrupted runs that started at or after `since`, newest first, without items.
  public func failures(since: Date, limit: Int = 100) async throws -> [JobRun] {
    try await read { db in try Self.failures(db, since: since, limit: limit) }
  }

  /// How many runs are recorded, skipped ones included.
  public func runCount() async throws -> Int {
    try await read { db in try Self.runCount(db) }
  }

  /// Per job: the last run, counts by status, bytes added and the last due time; by job name.
  public func jobSummaries() async throws -> [JobSummary] {
    try await read { db in try Self.jobSummaries(db) }
  }

  /// The dashboard's main page in one read: ``jobSummaries()``, ``failures(since:limit:)`` and ``runCount()``.
  public func summary(failuresSince since: Date, failureLimit: Int = 100) async throws -> HistorySummary {
    try await read { db in
      HistorySummary(
        jobs: try Self.jobSummaries(db), failures: try Self.failures(db, since: since, limit: failureLimit),
        totalRuns: try Self.runCount(db))
    }
  }
}

// The queries, on a connection, for reads and transactions alike.
extension RunHistoryStore {
  static func run(_ db: Database, id: Int64, withItems: Bool = false) throws -> JobRun? {
    guard let row = try Row.fetchOne(db, sql: "SELECT \(JobRun.columns) FROM run WHERE id = ?", arguments: [id])
    else { return nil }
    var run = try JobRun(row: row)
    if withItems {
      run.items = try Row.fetchAll(
        db, sql: "SELECT \(JobRunItem.columns) FROM item WHERE runID = ? ORDER BY id", arguments: [id]
      ).map(JobRunItem.init(row:))
    }
    return run
  }

  static func running(_ db: Database, job: String) throws -> JobRun? {
    try Row.fetchOne(
      db, sql: "SELECT \(JobRun.columns) FROM run WHERE job = ? AND status = 'running'", arguments: [job]
    ).map(JobRun.init(row:))
  }

  static func failures(_ db: Database, since: Date, limit: Int) throws -> [JobRun] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(JobRun.columns) FROM run
        WHERE status IN ('failed', 'interrupted') AND started >= ?
        ORDER BY started DESC, id DESC LIMIT ?
        """,
      arguments: [Millis.from(since), max(limit, 0)]
    ).map(JobRun.init(row:))
  }

  static func runCount(_ db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0
  }

  static func jobSummaries(_ db: Database) throws -> [JobSummary] {
    let lastRuns = try Row.fetchAll(
      db,
      sql: """
        SELECT \(JobRun.columns) FROM run WHERE id IN (
          SELECT (SELECT id FROM run AS r WHERE r.job = j.job AND r.status <> 'skipped'
                  ORDER BY started DESC, id DESC LIMIT 1)
          FROM (SELECT DISTINCT job FROM run) AS j)
        """
    ).map(JobRun.init(row:))
    let lastRunByJob = Dictionary(uniqueKeysWithValues: lastRuns.map { ($0.job, $0) })
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT job,
          SUM(status = 'running') AS running, SUM(status = 'succeeded') AS succeeded,
          SUM(status = 'failed') AS failed, SUM(status = 'skipped') AS skipped,
          SUM(status = 'interrupted') AS interrupted,
          COALESCE(SUM(bytesAdded), 0) AS bytesAdded, MAX(due) AS due
        FROM run GROUP BY job ORDER BY job
        """)
    return rows.map { row in
      let job: String = row["job"]
      let due: Int64? = row["due"]
      return JobSummary(
        job: job, lastRun: lastRunByJob[job],
        counts: JobSummary.Counts(
          running: row["running"], succeeded: row["succeeded"], failed: row["failed"], skipped: row["skipped"],
          interrupted: row["interrupted"]),
        bytesAdded: row["bytesAdded"], lastDue: due.map(Millis.date))
    }
  }
}
