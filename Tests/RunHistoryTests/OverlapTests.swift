import Foundation
import Testing

@testable import RunHistory

@Suite struct OverlapTests {
  @Test func aSecondStartOfARunningJobIsRefusedWithTheRunningOne() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let scheduled = try await store.start(job: "backup", trigger: .scheduled, due: T.at(0), at: T.at(0))
    let refused = await historyError { _ = try await store.start(job: "backup", trigger: .manual, at: T.at(5)) }
    #expect(refused?.code == .alreadyRunning)
    #expect(refused?.runID == scheduled.id)
    #expect(refused?.message.contains("backup is already running (run \(scheduled.id)") == true)
    #expect(refused?.isUserFixable == true)
    // Another job is not concerned.
    _ = try await store.start(job: "clean", trigger: .manual, at: T.at(5))
    // Once finished, the job can start again.
    try await store.finish(id: scheduled.id, status: .succeeded, at: T.at(30))
    let manual = try await store.start(job: "backup", trigger: .manual, at: T.at(40))
    #expect(try await store.running(job: "backup") == manual)
    #expect(try await store.runCount() == 3)
  }

  @Test func ofManyConcurrentStartsExactlyOneWins() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    let outcomes = try await withThrowingTaskGroup(of: Result<JobRun, RunHistoryError>.self) { group in
      for index in 0..<16 {
        group.addTask {
          do {
            return .success(
              index.isMultiple(of: 2)
                ? try await store.start(job: "backup", trigger: .manual)
                : try await store.start(job: "backup", trigger: .scheduled, due: T.at(0)))
          } catch let error as RunHistoryError {
            return .failure(error)
          }
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    let winners = outcomes.compactMap { try? $0.get() }
    let losers = outcomes.compactMap { outcome -> RunHistoryError? in
      if case .failure(let error) = outcome { return error }
      return nil
    }
    #expect(winners.count == 1)
    #expect(losers.count == 15)
    #expect(losers.allSatisfy { $0.code == .alreadyRunning && $0.runID == winners.first?.id })
    #expect(try await store.runCount() == 1)
  }

  /// Two connections on one file, as two skep-control processes during a rolling update would have.
  @Test func twoStoresOnOneFileCannotBothStart() async throws {
    let temp = try TemporaryHistory()
    let first = try temp.open()
    let second = try temp.open()
    async let a = historyError { _ = try await first.start(job: "backup", trigger: .manual) }
    async let b = historyError { _ = try await second.start(job: "backup", trigger: .manual) }
    let errors = await [a, b]
    #expect(errors.compactMap { $0 }.map(\.code) == [.alreadyRunning])
    #expect(try await first.running().count == 1)
    #expect(try await second.runCount() == 1)
  }

  /// The unique index holds even for a writer that skips the check.
  @Test func theDatabaseItselfRefusesASecondRunningRun() async throws {
    let temp = try TemporaryHistory()
    let store = try temp.open()
    _ = try await store.start(job: "backup", trigger: .manual, at: T.at(0))
    let error = await historyError {
      _ = try await store.write { db in
        try db.execute(
          sql: "INSERT INTO run (job, trigger, started, status) VALUES ('backup', 'manual', 1, 'running')")
      }
    }
    #expect(error?.code == .alreadyRunning)
    #expect(try await store.runCount() == 1)
  }
}
