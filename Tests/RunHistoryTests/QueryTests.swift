import Foundation
import GRDB
import Testing

@testable import RunHistory

@Suite struct QueryTests {
  @Test func runsAreNewestFirstByJobAndPaged() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    var ids: [Int64] = []
    for day in 0..<6 {
      let job = day.isMultiple(of: 2) ? "backup" : "clean"
      let run = try await store.start(job: job, trigger: .scheduled, due: T.day(day), at: T.day(day))
      try await store.finish(id: run.id, status: .succeeded, at: T.day(day).addingTimeInterval(60))
      ids.append(run.id)
    }
    #expect(try await store.runs().map(\.id) == ids.reversed())
    #expect(try await store.runs(limit: 2).map(\.id) == [ids[5], ids[4]])
    #expect(try await store.runs(job: "backup").map(\.id) == [ids[4], ids[2], ids[0]])
    #expect(try await store.runs(job: "backup", limit: 1, beforeID: ids[4]).map(\.id) == [ids[2]])
    #expect(try await store.runs(job: "nothing").isEmpty)
    #expect(try await store.runs().allSatisfy { $0.items.isEmpty })
    #expect(try await store.run(id: 12_345) == nil)
  }

  @Test func lastDueIgnoresManualRunsAndCountsEveryOtherRecord() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    #expect(try await store.lastDue(job: "backup") == nil)
    let scheduled = try await store.start(job: "backup", trigger: .scheduled, due: T.day(0), at: T.day(0))
    #expect(try await store.lastDue(job: "backup") == T.day(0))
    _ = try await store.markInterrupted(at: T.day(0).addingTimeInterval(10))
    // The missed day caught up once after a move: its due time is then handled.
    let caughtUp = try await store.start(job: "backup", trigger: .caughtUp, due: T.day(2), at: T.day(2) + 3_600)
    try await store.finish(id: caughtUp.id, status: .succeeded, at: T.day(2) + 3_700)
    // A manual run later does not move it.
    let manual = try await store.start(job: "backup", trigger: .manual, at: T.day(3))
    try await store.finish(id: manual.id, status: .succeeded, at: T.day(3) + 10)
    #expect(try await store.lastDue(job: "backup") == T.day(2))
    #expect(try await store.lastDue(job: "clean") == nil)
    #expect(try await store.lastDues() == ["backup": T.day(2)])
    #expect(scheduled.id < caughtUp.id)
  }

  @Test func summariesGiveEachJobsLastRunCountsAndFailures() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let ok = try await store.start(job: "backup", trigger: .scheduled, due: T.day(0), at: T.day(0))
    try await store.finish(id: ok.id, status: .succeeded, bytesAdded: 100, at: T.day(0) + 30)
    let bad = try await store.start(job: "backup", trigger: .scheduled, due: T.day(1), at: T.day(1))
    try await store.finish(id: bad.id, status: .failed, message: "node2 down", bytesAdded: 5, at: T.day(1) + 45)
    let running = try await store.start(job: "clean", trigger: .scheduled, due: T.day(1), at: T.day(1))
    try await store.recordSkipped(job: "clean", due: T.day(1) + 3_600, message: "still running", at: T.day(1) + 3_600)
    let lost = try await store.start(job: "check", trigger: .manual, at: T.day(0))
    _ = try await store.markInterrupted(startedBefore: T.day(1), at: T.day(0) + 5)

    let jobs = try await store.jobSummaries()
    #expect(jobs.map(\.job) == ["backup", "check", "clean"])
    let backup = try #require(jobs.first)
    #expect(backup.lastRun?.id == bad.id)
    #expect(backup.lastRun?.status == .failed)
    #expect(backup.lastRun?.duration == 45)
    #expect(backup.counts == JobSummary.Counts(succeeded: 1, failed: 1))
    #expect(backup.counts.total == 2)
    #expect(backup.counts[.failed] == 1)
    #expect(backup.bytesAdded == 105)
    #expect(backup.lastDue == T.day(1))
    // The skip recorded after it does not hide the run going on.
    #expect(jobs[2].lastRun?.id == running.id)
    #expect(jobs[2].counts == JobSummary.Counts(running: 1, skipped: 1))
    #expect(jobs[2].lastDue == T.day(1) + 3_600)
    #expect(jobs[1].lastRun?.status == .interrupted)

    #expect(try await store.failures(since: T.day(0)).map(\.id) == [bad.id, lost.id])
    #expect(try await store.failures(since: T.day(0) + 1).map(\.id) == [bad.id])
    #expect(try await store.failures(since: T.day(0), limit: 1).map(\.id) == [bad.id])
    #expect(try await store.runCount() == 5)
    let summary = try await store.summary(failuresSince: T.day(0))
    #expect(summary == HistorySummary(jobs: jobs, failures: try await store.failures(since: T.day(0)), totalRuns: 5))
  }

  /// The benchmark's shape (3 nodes, 20 volumes) over 1,000 runs: the dashboard's queries give the right answers.
  @Test func aThousandRunsWithItems() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let jobs = ["backup", "clean", "check", "registry_prune"]
    let volumes = (0..<20).map { "vol\($0)" }
    var expectedFailed: [String: Int] = [:]
    var lastByJob: [String: Int64] = [:]
    var bytesByJob: [String: Int64] = [:]
    for index in 0..<1_000 {
      let job = jobs[index % jobs.count]
      let due = T.at(Double(index) * 3_600)
      let run = try await store.start(job: job, trigger: index % 10 == 9 ? .caughtUp : .scheduled, due: due, at: due)
      let failed = index % 7 == 0
      let items =
        job == "backup"
        ? volumes.enumerated().map { offset, volume in
          JobRunItem(
            node: "node\(offset % 3 + 1)", volume: volume, kind: "files", status: failed && offset == 0 ? .failed : .ok,
            bytesAdded: Int64(offset), duration: 1)
        }
        : (1...3).map { JobRunItem(node: "node\($0)", kind: job, status: .ok) }
      let bytes: Int64? = job == "backup" ? 190 : nil
      try await store.finish(
        id: run.id, status: failed ? .failed : .succeeded, bytesAdded: bytes, items: items, at: due + 120)
      if failed { expectedFailed[job, default: 0] += 1 }
      lastByJob[job] = run.id
      bytesByJob[job, default: 0] += bytes ?? 0
    }

    #expect(try await store.runCount() == 1_000)
    let summary = try await store.summary(failuresSince: T.at(900 * 3_600))
    #expect(summary.totalRuns == 1_000)
    #expect(summary.jobs.map(\.job) == jobs.sorted())
    for line in summary.jobs {
      #expect(line.counts.total == 250)
      #expect(line.counts.failed == expectedFailed[line.job])
      #expect(line.counts.succeeded == 250 - (expectedFailed[line.job] ?? 0))
      #expect(line.lastRun?.id == lastByJob[line.job])
      #expect(line.lastRun?.duration == 120)
      #expect(line.bytesAdded == bytesByJob[line.job])
    }
    #expect(summary.failures.count == (900..<1_000).filter { $0 % 7 == 0 }.count)
    #expect(summary.failures.map(\.started) == summary.failures.map(\.started).sorted(by: >))
    #expect(try await store.lastDue(job: "backup") == T.at(996 * 3_600))
    #expect(try await store.runs(limit: 20).count == 20)
    let newestBackup = try #require(try await store.run(id: lastByJob["backup"] ?? -1))
    #expect(newestBackup.items.count == 20)
    #expect(newestBackup.items.map(\.volume) == volumes)
    let itemCount = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") }
    #expect(itemCount == 250 * 20 + 750 * 3)
  }

  /// The dashboard's and scheduler's lookups go through an index, not a scan of every run.
  @Test func lookupsUseIndexes() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let lookups: [(String, StatementArguments, String)] = [
      ("SELECT MAX(due) FROM run WHERE job = ? AND due IS NOT NULL", ["backup"], "run_job_due"),
      ("SELECT id FROM run WHERE job = ? AND status = 'running'", ["backup"], "run_running"),
      (
        "SELECT id FROM run WHERE status IN ('failed', 'interrupted') AND started >= ? ORDER BY started DESC, id DESC",
        [0], "run_failures"
      ),
      ("SELECT id FROM run WHERE job = ? ORDER BY started DESC, id DESC LIMIT 50", ["backup"], "run_job_started"),
      ("SELECT id FROM run ORDER BY started DESC, id DESC LIMIT 50", [], "run_started"),
      ("SELECT id FROM item WHERE runID = ? ORDER BY id", [1], "item_run"),
    ]
    for (sql, arguments, index) in lookups {
      let plan = try await store.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { row -> String in
          row["detail"]
        }
      }
      #expect(plan.contains { $0.contains(index) }, "\(sql): \(plan)")
    }
  }
}

extension Date {
  fileprivate static func + (date: Date, seconds: Double) -> Date { date.addingTimeInterval(seconds) }
}
