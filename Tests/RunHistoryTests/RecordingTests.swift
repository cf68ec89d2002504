import Foundation
import Testing

@testable import RunHistory

@Suite struct RecordingTests {
  @Test func startThenFinishRecordsItemsAndTimes() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let started = try await store.start(job: "backup", trigger: .scheduled, due: T.day(0), at: T.at(2))
    #expect(started.status == .running)
    #expect(started.ended == nil)
    #expect(started.duration == nil)
    #expect(try await store.running(job: "backup") == started)

    let items = [
      JobRunItem(
        node: "node1", volume: "db", kind: "dump", status: .ok, bytesAdded: 1_234, bytesTotal: 99_000, duration: 3.5,
        reference: "4f2a9c1e"),
      JobRunItem(node: "node2", volume: "photos", kind: "files", status: .failed, message: "restic: repository locked"),
      JobRunItem(node: "node3", kind: "task", status: .failed, message: "node down: its task cannot finish"),
      JobRunItem(node: "node1", volume: "cache", kind: "files", status: .skipped, message: "backup: false"),
    ]
    let finished = try await store.finish(
      id: started.id, status: .failed, message: "2 failures", bytesAdded: 1_234, items: items, at: T.at(65.25))
    #expect(finished.status == .failed)
    #expect(finished.ended == T.at(65.25))
    #expect(finished.duration == 63.25)
    #expect(
      finished.items
        == items.map { item in
          var item = item
          item.runID = started.id
          return item
        })
    #expect(try await store.run(id: started.id) == finished)
    #expect(try await store.running(job: "backup") == nil)
  }

  @Test func finishRefusesWhatIsNotARunningRun() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let run = try await store.start(job: "clean", trigger: .manual)
    #expect(await historyError { try await store.finish(id: run.id, status: .running) }?.code == .invalidArgument)
    #expect(await historyError { try await store.finish(id: 999, status: .succeeded) }?.code == .runNotFound)
    try await store.finish(id: run.id, status: .succeeded)
    let twice = await historyError { try await store.finish(id: run.id, status: .failed) }
    #expect(twice?.code == .runNotRunning)
    #expect(twice?.runID == run.id)
    // The refused finish changed nothing.
    #expect(try await store.run(id: run.id)?.status == .succeeded)
  }

  @Test func dueTimeMustMatchTheTrigger() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    #expect(
      await historyError { _ = try await store.start(job: "backup", trigger: .manual, due: T.day(0)) }?.code
        == .invalidArgument)
    #expect(
      await historyError { _ = try await store.start(job: "backup", trigger: .scheduled) }?.code == .invalidArgument)
    #expect(
      await historyError { _ = try await store.start(job: "backup", trigger: .caughtUp) }?.code == .invalidArgument)
    #expect(await historyError { _ = try await store.start(job: "", trigger: .manual) }?.code == .invalidArgument)
    #expect(try await store.runCount() == 0)
  }

  @Test func aSkipIsRecordedWhileARunGoesOn() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let run = try await store.start(job: "check", trigger: .scheduled, due: T.at(0), at: T.at(0))
    let skip = try await store.recordSkipped(
      job: "check", due: T.at(3_600), message: "previous run still running", at: T.at(3_600))
    #expect(skip.status == .skipped)
    #expect(skip.started == T.at(3_600))
    #expect(skip.ended == T.at(3_600))
    #expect(try await store.running(job: "check")?.id == run.id)
    #expect(try await store.lastDue(job: "check") == T.at(3_600))
    #expect(
      await historyError { try await store.recordSkipped(job: "check", trigger: .manual, due: T.at(1), message: "") }?
        .code == .invalidArgument)
  }

  @Test func interruptedRunsAreMarkedOnce() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let old = try await store.start(job: "backup", trigger: .scheduled, due: T.at(0), at: T.at(0))
    let newer = try await store.start(job: "clean", trigger: .manual, at: T.at(100))
    let done = try await store.start(job: "check", trigger: .manual, at: T.at(0))
    try await store.finish(id: done.id, status: .succeeded, at: T.at(10))

    let marked = try await store.markInterrupted(startedBefore: T.at(50), at: T.at(200))
    #expect(marked.map(\.id) == [old.id])
    #expect(marked.first?.status == .interrupted)
    #expect(marked.first?.ended == T.at(200))
    #expect(marked.first?.message == "skep-control stopped while the run went on")
    #expect(try await store.running().map(\.id) == [newer.id])

    let rest = try await store.markInterrupted(message: "restarted", at: T.at(300))
    #expect(rest.map(\.id) == [newer.id])
    #expect(try await store.running().isEmpty)
    #expect(try await store.markInterrupted().isEmpty)
    #expect(try await store.run(id: done.id)?.status == .succeeded)

    // The stopped service's executor may still try to finish: refused, the record stays interrupted.
    #expect(await historyError { try await store.finish(id: old.id, status: .succeeded) }?.code == .runNotRunning)
    // And the job can run again.
    let again = try await store.start(job: "backup", trigger: .caughtUp, due: T.day(1), at: T.day(1))
    #expect(again.id > newer.id)
  }

  @Test func anEndBeforeTheStartIsClampedToNoDuration() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let run = try await store.start(job: "backup", trigger: .manual, at: T.at(100))
    // Another manager's clock, behind.
    let marked = try await store.markInterrupted(at: T.at(40))
    #expect(marked.first?.ended == T.at(100))
    #expect(marked.first?.duration == 0)
    #expect(run.started == T.at(100))
  }
}
