import Foundation
import GRDB
import Testing

@testable import RunHistory

@Suite struct PersistenceTests {
  /// The store-level half of "the service comes back on another manager with its history intact": the volume is
  /// restored there and the file opened again.
  @Test func reopeningTheFileKeepsEverything() async throws {
    let temp = try TemporaryHistory()
    var before: (runs: [JobRun], detail: JobRun?, summary: HistorySummary, dues: [String: Date])
    let runningID: Int64
    do {
      let store = try temp.open()
      let backup = try await store.start(job: "backup", trigger: .scheduled, due: T.day(0), at: T.day(0))
      try await store.finish(
        id: backup.id, status: .succeeded, bytesAdded: 42,
        items: [JobRunItem(node: "node1", volume: "db", kind: "dump", status: .ok, bytesAdded: 42, duration: 1.5)],
        at: T.day(0).addingTimeInterval(90))
      try await store.recordSkipped(job: "check", due: T.day(1), message: "missed", at: T.day(1))
      runningID = try await store.start(job: "clean", trigger: .caughtUp, due: T.day(2), at: T.day(2)).id
      before = (
        try await store.runs(), try await store.run(id: backup.id), try await store.summary(failuresSince: T.day(-1)),
        try await store.lastDues()
      )
    }
    let reopened = try temp.open()
    #expect(try await reopened.runs() == before.runs)
    #expect(try await reopened.run(id: before.runs.last?.id ?? -1) == before.detail)
    #expect(before.detail?.items.count == 1)
    #expect(try await reopened.summary(failuresSince: T.day(-1)) == before.summary)
    #expect(try await reopened.lastDues() == before.dues)
    #expect(before.dues == ["backup": T.day(0), "check": T.day(1), "clean": T.day(2)])
    // The run the old service left running is still seen as running until the new one marks it.
    #expect(try await reopened.running(job: "clean")?.id == runningID)
    #expect(try await reopened.markInterrupted(at: T.day(3)).map(\.id) == [runningID])
    // Ids go on increasing after the move.
    #expect(try await reopened.start(job: "backup", trigger: .manual).id > runningID)
  }

  @Test func anEmptyFileIsMigratedToTheCurrentSchema() async throws {
    let temp = try TemporaryHistory()
    #expect(FileManager.default.createFile(atPath: temp.path, contents: Data()))
    let store = try temp.open()
    let (migrations, tables) = try await store.read { db in
      (
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('run', 'item')")
      )
    }
    #expect(migrations == ["v1: run, item"])
    #expect(Set(tables) == ["run", "item"])
    #expect(try await store.runCount() == 0)
    // Opening again runs nothing twice.
    _ = try temp.open()
  }

  @Test func aFileThatIsNotADatabaseIsReportedDamaged() throws {
    let temp = try TemporaryHistory()
    try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: temp.path))
    #expect {
      _ = try temp.open()
    } throws: { error in
      let error = error as? RunHistoryError
      return error?.code == .damaged && error?.message.contains(temp.path) == true
        && error?.message.contains("move it aside") == true
    }
  }

  @Test func aMissingDirectoryIsNotCreated() throws {
    let temp = try TemporaryHistory()
    let path = temp.directory.appendingPathComponent("not-mounted/history.sqlite").path
    #expect {
      _ = try RunHistoryStore(path: path)
    } throws: { error in
      let error = error as? RunHistoryError
      return error?.code == .notWritable && error?.message.contains(path) == true
    }
    #expect(!FileManager.default.fileExists(atPath: temp.directory.appendingPathComponent("not-mounted").path))
  }

  @Test func aFileFromANewerSkepIsRefused() async throws {
    let temp = try TemporaryHistory()
    do {
      let store = try temp.open()
      try await store.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
      }
    }
    #expect {
      _ = try temp.open()
    } throws: { error in
      (error as? RunHistoryError)?.code == .newerSchema
    }
  }

  @Test func walIsCheckpointedAfterEveryWrite() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let mode = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    let run = try await store.start(job: "backup", trigger: .manual)
    try await store.finish(id: run.id, status: .succeeded, items: [JobRunItem(node: "n", kind: "files", status: .ok)])
    let walSize = try FileManager.default.attributesOfItem(atPath: temp.path + "-wal")[.size] as? Int
    #expect(walSize == 0)
    // A plain copy of the main file alone (what a file-level backup might catch) has the finished run.
    let copy = temp.directory.appendingPathComponent("copy.sqlite").path
    try FileManager.default.copyItem(atPath: temp.path, toPath: copy)
    let copied = try RunHistoryStore(path: copy)
    #expect(try await copied.run(id: run.id)?.items.count == 1)
  }

  @Test func theRollbackJournalWorksToo() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open(journal: .rollback)
    let mode = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "delete")
    let run = try await store.start(job: "backup", trigger: .manual)
    try await store.finish(id: run.id, status: .succeeded)
    #expect(try await temp.open(journal: .rollback).run(id: run.id)?.status == .succeeded)
  }

  @Test func datesRoundTripToTheMillisecond() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let due = Date(timeIntervalSince1970: 1_772_334_000)
    let started = Date(timeIntervalSince1970: 1_772_334_001.123)
    let ended = Date(timeIntervalSince1970: 4_102_444_800.999)  // 2100
    let run = try await store.start(job: "backup", trigger: .scheduled, due: due, at: started)
    try await store.finish(id: run.id, status: .succeeded, at: ended)
    let read = try await store.run(id: run.id)
    #expect(read?.due == due)
    #expect(read?.started == started)
    #expect(read?.ended == ended)
    #expect(try await store.lastDue(job: "backup") == due)
    // Finer than a millisecond is rounded away, the same way in what start returns and what is read back.
    let fine = Date(timeIntervalSince1970: 1_772_334_002.123_456_7)
    let manual = try await store.start(job: "clean", trigger: .manual, at: fine)
    #expect(abs(manual.started.timeIntervalSince(fine)) < 0.000_5)
    #expect(try await store.run(id: manual.id)?.started == manual.started)
    let millis = try await store.read { db in
      try Int64.fetchOne(db, sql: "SELECT started FROM run WHERE id = ?", arguments: [manual.id])
    }
    #expect(millis == 1_772_334_002_123)
  }
}
