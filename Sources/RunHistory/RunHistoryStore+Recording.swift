import Foundation
import GRDB

extension RunHistoryStore {
  /// Records that a run of `job` starts now, unless one is going on: the check and the insert are one transaction,
  /// so of two starts of one job racing (a manual trigger and the schedule), exactly one wins.
  ///
  /// - Parameter due: the due time the run stands for; required for `scheduled` and `caughtUp`, nil for `manual`.
  /// - Returns: the running run, with its id.
  /// - Throws: ``RunHistoryError`` `alreadyRunning` (its `runID` is the running run), `invalidArgument`, or a
  ///   storage error.
  public func start(job: String, trigger: JobRun.Trigger, due: Date? = nil, at started: Date = Date()) async throws
    -> JobRun
  {
    try Self.validate(job: job, trigger: trigger, due: due)
    let run = JobRun(
      id: 0, job: job, trigger: trigger, due: due.map(Millis.round), started: Millis.round(started))
    return try await write { db in
      if let running = try Self.running(db, job: job) {
        throw RunHistoryError(
          .alreadyRunning,
          "\(job) is already running (run \(running.id), started \(running.started.formatted(.iso8601))): runs of "
            + "one job never overlap", runID: running.id)
      }
      try db.execute(
        sql: "INSERT INTO run (job, trigger, due, started, status) VALUES (?, ?, ?, ?, 'running')",
        arguments: [job, trigger.rawValue, due.map(Millis.from), Millis.from(started)])
      var recorded = run
      recorded.id = db.lastInsertedRowID
      return recorded
    }
  }

  /// Records how run `id` ended, with its per-node and per-volume items, in one transaction.
  ///
  /// - Parameter status: anything but `running`.
  /// - Returns: the finished run with its items.
  /// - Throws: ``RunHistoryError`` `runNotFound`, `runNotRunning` (already finished, or marked interrupted after a
  ///   restart), `invalidArgument`, or a storage error.
  @discardableResult
  public func finish(
    id: Int64, status: JobRun.Status, message: String? = nil, bytesAdded: Int64? = nil, items: [JobRunItem] = [],
    at ended: Date = Date()
  ) async throws -> JobRun {
    guard status != .running else {
      throw RunHistoryError(.invalidArgument, "finish(id: \(id)) needs a final status, not running", runID: id)
    }
    return try await write { db in
      guard let run = try Self.run(db, id: id) else {
        throw RunHistoryError(.runNotFound, "no run \(id) in the history", runID: id)
      }
      guard run.status == .running else {
        throw RunHistoryError(
          .runNotRunning, "run \(id) of \(run.job) is no longer running: it is \(run.status.rawValue)", runID: id)
      }
      // A run is finished where it started, but never let a clock step make a negative duration.
      try db.execute(
        sql: "UPDATE run SET ended = MAX(?, started), status = ?, message = ?, bytesAdded = ? WHERE id = ?",
        arguments: [Millis.from(ended), status.rawValue, message, bytesAdded, id])
      for item in items { try item.insert(db, runID: id) }
      return try Self.run(db, id: id, withItems: true) ?? run
    }
  }

  /// Records due times that passed without a run (the previous run still going on, or skep-control down with
  /// `catch_up: none`): a finished `skipped` run standing for `due`, the last of them. No overlap check: a skip is
  /// recorded precisely while a run goes on.
  ///
  /// - Throws: ``RunHistoryError`` `invalidArgument` for a `manual` trigger, or a storage error.
  @discardableResult
  public func recordSkipped(
    job: String, trigger: JobRun.Trigger = .scheduled, due: Date, message: String, at time: Date = Date()
  ) async throws -> JobRun {
    try Self.validate(job: job, trigger: trigger, due: due)
    return try await write { db in
      try db.execute(
        sql: """
          INSERT INTO run (job, trigger, due, started, ended, status, message)
          VALUES (?, ?, ?, ?, ?, 'skipped', ?)
          """,
        arguments: [job, trigger.rawValue, Millis.from(due), Millis.from(time), Millis.from(time), message])
      return JobRun(
        id: db.lastInsertedRowID, job: job, trigger: trigger, due: Millis.round(due), started: Millis.round(time),
        ended: Millis.round(time), status: .skipped, message: message)
    }
  }

  /// Marks as `interrupted` the runs still `running` — all of them, or those started before `startedBefore`.
  /// skep-control calls it when it starts: a run it did not finish was left by a service that stopped or crashed.
  ///
  /// - Returns: the runs it marked, oldest first.
  @discardableResult
  public func markInterrupted(
    startedBefore: Date? = nil, message: String = "skep-control stopped while the run went on", at time: Date = Date()
  ) async throws -> [JobRun] {
    let cutoff = startedBefore.map(Millis.from) ?? Int64.max
    return try await write { db in
      let ids = try Int64.fetchAll(
        db, sql: "SELECT id FROM run WHERE status = 'running' AND started < ? ORDER BY id", arguments: [cutoff])
      for id in ids {
        try db.execute(
          sql: "UPDATE run SET status = 'interrupted', ended = MAX(?, started), message = ? WHERE id = ?",
          arguments: [Millis.from(time), message, id])
      }
      return try ids.compactMap { try Self.run(db, id: $0) }
    }
  }

  static func validate(job: String, trigger: JobRun.Trigger, due: Date?) throws {
    guard !job.isEmpty else { throw RunHistoryError(.invalidArgument, "a run needs a job name") }
    switch (trigger, due) {
    case (.manual, .some):
      throw RunHistoryError(.invalidArgument, "a manual run of \(job) has no due time")
    case (.scheduled, .none), (.caughtUp, .none):
      throw RunHistoryError(.invalidArgument, "a \(trigger.rawValue) run of \(job) needs its due time")
    default:
      break
    }
  }
}
