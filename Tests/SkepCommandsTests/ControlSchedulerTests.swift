import Foundation
import Logging
import RunHistory
import SkepConfig
import Testing

@testable import ControlService
@testable import SkepCommands

/// A run that goes on until the test lets it end.
actor Gate {
  private var waiting: [CheckedContinuation<Void, Never>] = []
  private var isOpen = false
  private(set) var entered = 0

  func pass() async {
    entered += 1
    if isOpen { return }
    await withCheckedContinuation { waiting.append($0) }
  }

  func open() {
    isOpen = true
    for continuation in waiting { continuation.resume() }
    waiting = []
  }
}

/// The scheduler against a real history file: the rules of `JobSchedule` carried out and recorded, with a fake job
/// (what a job does is the sandbox suites' business).
@Suite struct ControlSchedulerTests {
  let folder: String
  let store: RunHistoryStore
  let section: ScheduleSection
  /// 2026-12-06 10:00:00 UTC, a minute boundary.
  let t0 = Date(timeIntervalSince1970: 1_796_551_200)

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("control-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    store = try RunHistoryStore(path: folder + "/history.sqlite")
    let location = SourceLocation(file: "skep.yml", line: 1, column: 1)
    section = ScheduleSection(
      jobs: [.init(name: .backup, cron: try CronExpression(parsing: "* * * * *"), location: location)],
      location: location)
  }

  func scheduler(
    gate: Gate, elsewhere: String? = nil, store: RunHistoryStore? = nil
  ) -> ControlScheduler {
    ControlScheduler(
      history: store ?? self.store, section: section,
      execute: { _ in
        await gate.pass()
        return .init(status: .succeeded, message: "ok", bytesAdded: 10, items: [])
      },
      runningElsewhere: { _ in elsewhere }, logger: Logger(label: "test"))
  }

  func minute(_ n: Int, plus seconds: TimeInterval = 1) -> Date { t0.addingTimeInterval(Double(n) * 60 + seconds) }

  @Test func aDueRunStartsOnTimeAndADueTimeDuringItIsSkippedNotQueued() async throws {
    let gate = Gate()
    let scheduler = scheduler(gate: gate)
    try await scheduler.start(now: minute(0, plus: 30))
    await scheduler.tick(now: minute(0, plus: 30))
    #expect(try await store.runs().isEmpty, "a job without history starts its schedule now")
    await scheduler.tick(now: minute(1))
    let started = try await store.runs()
    #expect(started.count == 1 && started[0].status == .running && started[0].trigger == .scheduled)
    #expect(started.first?.due == minute(1, plus: 0))
    await scheduler.tick(now: minute(2))
    await scheduler.tick(now: minute(2, plus: 5))
    let during = try await store.runs()
    #expect(during.filter { $0.status == .skipped }.count == 1, "\(during)")
    #expect(during.first { $0.status == .skipped }?.message?.contains("still going on") == true)
    #expect(during.filter { $0.status == .running }.count == 1)
    await gate.open()
    await scheduler.waitForRuns()
    await scheduler.tick(now: minute(2, plus: 30))
    let after = try await store.runs()
    #expect(after.filter { $0.status == .succeeded }.count == 1)
    #expect(after.count == 2, "nothing started before the next due time: \(after)")
    await scheduler.tick(now: minute(3))
    await scheduler.waitForRuns()
    #expect(try await store.runs().filter { $0.status == .succeeded }.count == 2)
  }

  /// The service ticks every second, and most ticks decide nothing: those must keep the watermark. (They once reset
  /// it, and a due time was met only when it fell right after a tick that set it again: with an even number of ticks
  /// per minute, minute after minute went by without a run.)
  @Test func ticksEverySecondStartEveryDueRunWhateverTheirPhase() async throws {
    for phase in [0.0, 0.25, 0.5, 0.999] {
      let store = try RunHistoryStore(path: folder + "/phase-\(phase).sqlite")
      let gate = Gate()
      await gate.open()
      let scheduler = scheduler(gate: gate, store: store)
      try await scheduler.start(now: minute(0, plus: 10 + phase))
      for second in stride(from: 10, to: 190, by: 1) {
        await scheduler.tick(now: minute(0, plus: Double(second) + phase))
        await scheduler.waitForRuns()
      }
      let runs = try await store.runs()
      #expect(
        runs.map(\.due) == [minute(3, plus: 0), minute(2, plus: 0), minute(1, plus: 0)],
        "phase \(phase): \(runs.map { "\($0.status) \($0.due.map { "\($0)" } ?? "-")" })")
      #expect(runs.allSatisfy { $0.trigger == .scheduled && $0.status == .succeeded })
    }
  }

  @Test func dueTimesMissedWhileStoppedBecomeOneCaughtUpRunAfterARestart() async throws {
    let gate = Gate()
    await gate.open()
    let first = scheduler(gate: gate)
    try await first.start(now: minute(0, plus: 30))
    await first.tick(now: minute(0, plus: 30))
    await first.tick(now: minute(1))
    await first.waitForRuns()
    // Stopped for five minutes; a new process on the same history.
    let reopened = try RunHistoryStore(path: folder + "/history.sqlite")
    let second = scheduler(gate: gate, store: reopened)
    try await second.start(now: minute(6, plus: 20))
    await second.tick(now: minute(6, plus: 20))
    await second.waitForRuns()
    await second.tick(now: minute(6, plus: 40))
    await second.waitForRuns()
    let runs = try await reopened.runs()
    #expect(runs.filter { $0.trigger == .caughtUp }.count == 1, "\(runs)")
    #expect(runs.first { $0.trigger == .caughtUp }?.due == minute(6, plus: 0))
  }

  @Test func aRunLeftRunningByAStoppedServiceIsMarkedInterrupted() async throws {
    let gate = Gate()
    let first = scheduler(gate: gate)
    try await first.start(now: minute(0, plus: 30))
    await first.tick(now: minute(0, plus: 30))
    await first.tick(now: minute(1))
    // The process dies here: the run never finishes.
    let second = scheduler(gate: Gate())
    try await second.start(now: minute(1, plus: 30))
    let runs = try await store.runs()
    #expect(runs.count == 1 && runs[0].status == .interrupted, "\(runs)")
    await gate.open()
  }

  @Test func aManualRunIsRefusedWhileOneGoesOnAndRecordedOtherwise() async throws {
    let gate = Gate()
    let scheduler = scheduler(gate: gate)
    try await scheduler.start(now: minute(0, plus: 10))
    guard case .started(let run) = await scheduler.trigger("backup", now: minute(0, plus: 10)) else {
      Issue.record("the first manual run was not started")
      return
    }
    #expect(run.trigger == .manual && run.due == nil)
    guard case .refused(let reason, let running) = await scheduler.trigger("backup", now: minute(0, plus: 20)) else {
      Issue.record("a second manual run was not refused")
      return
    }
    #expect(reason.contains("already running") && running?.id == run.id)
    guard case .unknownJob(let known) = await scheduler.trigger("bakup") else {
      Issue.record("an unknown job was accepted")
      return
    }
    #expect(known.contains("backup"))
    guard case .refused(let buildReason, _) = await scheduler.trigger("build") else {
      Issue.record("build was accepted")
      return
    }
    #expect(buildReason.contains("folder of Dockerfiles"))
    await gate.open()
    await scheduler.waitForRuns()
    #expect(try await store.run(id: run.id)?.status == .succeeded)
  }

  @Test func aRunGoingOnInTheSwarmWithoutThisProcessKeepsTheDueTimeFromStarting() async throws {
    let gate = Gate()
    await gate.open()
    let scheduler = scheduler(gate: gate, elsewhere: "skep-backup-20261206T100000Z")
    try await scheduler.start(now: minute(0, plus: 30))
    await scheduler.tick(now: minute(0, plus: 30))
    await scheduler.tick(now: minute(1))
    let runs = try await store.runs()
    #expect(runs.count == 1 && runs[0].status == .skipped, "\(runs)")
    guard case .refused(let reason, _) = await scheduler.trigger("backup") else {
      Issue.record("a manual run was started beside the swarm's")
      return
    }
    #expect(reason.contains("skep-backup-20261206T100000Z"))
  }
}

/// The schedule loop's watchdog: what `/healthz` says.
@Suite struct ControlLoopWatchTests {
  @Test func aStepPastTheLimitOrAnEndedLoopIsAProblemAndMovingOnClearsIt() {
    let watch = ControlLoopWatch(limit: 60, logger: Logger(label: "test"))
    let start = Date()
    watch.enter("tick")
    #expect(watch.problem(now: start.addingTimeInterval(30)) == nil)
    let stuck = watch.problem(now: start.addingTimeInterval(90))
    #expect(stuck?.contains("\"tick\"") == true, "\(stuck ?? "nil")")
    watch.enter("wait")
    #expect(watch.problem(now: Date().addingTimeInterval(1)) == nil)
    watch.end("cancelled")
    #expect(watch.problem() == "the schedule loop has ended: cancelled")
  }
}
