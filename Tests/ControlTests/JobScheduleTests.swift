import Control
import Foundation
import SkepConfig
import Testing

/// An executor in simulated time: asks `decide` every second, starts runs that take `duration`, records skips and
/// the new `handledThrough`, as skep-control will.
struct Simulation {
  struct Run: Equatable {
    var due: Date
    var start: Date
    var end: Date
    var catchingUp: DueTimes?
  }

  var schedule: JobSchedule
  var state: JobState
  var duration: TimeInterval
  var runs: [Run] = []
  var skipped: [ScheduleDecision.Skip] = []

  init(_ schedule: JobSchedule, handledThrough: Date?, duration: TimeInterval = 10) {
    self.schedule = schedule
    self.state = JobState(handledThrough: handledThrough)
    self.duration = duration
  }

  mutating func step(at now: Date) {
    if let last = runs.last, state.isRunning, now >= last.end { state.isRunning = false }
    let decision = schedule.decide(state, now: now)
    if let skip = decision.skipped { skipped.append(skip) }
    if let through = decision.handledThrough { state.handledThrough = through }
    if let run = decision.run {
      #expect(!state.isRunning, "never two runs of the same job at once")
      runs.append(Run(due: run.due, start: now, end: now.addingTimeInterval(duration), catchingUp: run.catchingUp))
      state.isRunning = true
    }
    if let next = decision.nextDue { #expect(next > now) }
  }

  mutating func run(from start: Date, to end: Date, every interval: TimeInterval = 1) {
    var now = start
    while now <= end {
      step(at: now)
      now = now.addingTimeInterval(interval)
    }
  }
}

@Suite struct JobScheduleTests {
  static let everyMinute = JobSchedule(cron: cron("* * * * *"), timeZone: utc)

  @Test func everyMinuteRunsOnTime() {
    var simulation = Simulation(Self.everyMinute, handledThrough: at("2026-06-01T12:00:00Z"))
    simulation.run(from: at("2026-06-01T12:00:00.5Z"), to: at("2026-06-01T12:05:30Z"))
    let dues = (1...5).map { at("2026-06-01T12:0\($0):00Z") }
    #expect(simulation.runs.map(\.due) == dues)
    #expect(simulation.runs.allSatisfy { $0.start.timeIntervalSince($0.due) < 1 && $0.catchingUp == nil })
    #expect(simulation.skipped.isEmpty)
    #expect(simulation.state.handledThrough == at("2026-06-01T12:05:00Z"))
  }

  @Test func aRunLongerThanTheIntervalIsNeverOverlapped() {
    var simulation = Simulation(Self.everyMinute, handledThrough: at("2026-06-01T12:00:00Z"), duration: 150)
    simulation.run(from: at("2026-06-01T12:00:01Z"), to: at("2026-06-01T12:08:30Z"))
    // 12:01 runs until 12:03:30; 12:02 and 12:03 pass while it runs and are skipped, not queued; 12:04 runs, and so on.
    #expect(simulation.runs.map(\.due) == ["12:01", "12:04", "12:07"].map { at("2026-06-01T\($0):00Z") })
    for (earlier, later) in zip(simulation.runs, simulation.runs.dropFirst()) { #expect(later.start >= earlier.end) }
    #expect(
      simulation.skipped
        == ["12:02", "12:03", "12:05", "12:06", "12:08"].map {
          ScheduleDecision.Skip(DueTimes(at("2026-06-01T\($0):00Z")), .stillRunning)
        })
    #expect(ScheduleDecision.SkipReason.stillRunning.description == "previous run still running")
  }

  static let daily = JobSchedule(cron: cron("0 3 * * *"), timeZone: berlin, catchUp: .once)

  @Test func downtimeOfThreeDueTimesIsCaughtUpOnce() {
    let missed = DueTimes(first: at("2026-06-02T03:00:00+02:00"), last: at("2026-06-04T03:00:00+02:00"), count: 3)
    var state = JobState(handledThrough: at("2026-06-01T03:00:00+02:00"))
    let now = at("2026-06-04T10:00:00+02:00")
    let decision = Self.daily.decide(state, now: now)
    #expect(decision.run == ScheduleDecision.Run(due: missed.last, catchingUp: missed))
    #expect(decision.skipped == nil)
    #expect(decision.handledThrough == missed.last)
    #expect(decision.nextDue == at("2026-06-05T03:00:00+02:00"))
    #expect(missed.description == "3 due times from 2026-06-02T01:00:00Z to 2026-06-04T01:00:00Z")

    // The catch-up started: asked again (every second, or by a new manager after a failover), nothing more to do.
    state = JobState(handledThrough: decision.handledThrough, isRunning: true)
    for later in [now, now.addingTimeInterval(1), now.addingTimeInterval(3600)] {
      #expect(Self.daily.decide(state, now: later) == ScheduleDecision(nextDue: decision.nextDue))
    }
    // It finished: still nothing until the next due time, which runs on time.
    state.isRunning = false
    #expect(Self.daily.decide(state, now: now.addingTimeInterval(7200)).run == nil)
    let next = Self.daily.decide(state, now: at("2026-06-05T03:00:02+02:00"))
    #expect(next.run == ScheduleDecision.Run(due: at("2026-06-05T03:00:00+02:00")))
  }

  @Test func catchUpNoneSkipsTheMissedOnes() {
    var none = Self.daily
    none.catchUp = .none
    let state = JobState(handledThrough: at("2026-06-01T03:00:00+02:00"))
    let decision = none.decide(state, now: at("2026-06-04T10:00:00+02:00"))
    #expect(decision.run == nil)
    #expect(
      decision.skipped
        == ScheduleDecision.Skip(
          DueTimes(first: at("2026-06-02T03:00:00+02:00"), last: at("2026-06-04T03:00:00+02:00"), count: 3),
          .missedWhileDown))
    #expect(decision.handledThrough == at("2026-06-04T03:00:00+02:00"))
    #expect(decision.nextDue == at("2026-06-05T03:00:00+02:00"))
    // Back just in time for a due time: that one runs on time, the earlier ones are skipped.
    let justInTime = none.decide(state, now: at("2026-06-04T03:00:20+02:00"))
    #expect(justInTime.run == ScheduleDecision.Run(due: at("2026-06-04T03:00:00+02:00")))
    #expect(
      justInTime.skipped
        == ScheduleDecision.Skip(
          DueTimes(first: at("2026-06-02T03:00:00+02:00"), last: at("2026-06-03T03:00:00+02:00"), count: 2),
          .missedWhileDown))
  }

  @Test func oneLateDueTimeIsACatchUpOfOne() {
    let decision = Self.daily.decide(
      JobState(handledThrough: at("2026-06-01T03:00:00+02:00")), now: at("2026-06-02T03:05:00+02:00"))
    #expect(decision.run?.catchingUp == DueTimes(at("2026-06-02T03:00:00+02:00")))
    var none = Self.daily
    none.catchUp = .none
    let skipped = none.decide(
      JobState(handledThrough: at("2026-06-01T03:00:00+02:00")), now: at("2026-06-02T03:05:00+02:00"))
    #expect(skipped.run == nil && skipped.skipped?.dueTimes == DueTimes(at("2026-06-02T03:00:00+02:00")))
  }

  @Test func aJobNeverRunStartsAtItsNextDueTime() {
    let now = at("2026-06-04T10:00:00+02:00")
    let decision = Self.daily.decide(JobState(handledThrough: nil), now: now)
    #expect(decision == ScheduleDecision(handledThrough: now, nextDue: at("2026-06-05T03:00:00+02:00")))
    var simulation = Simulation(Self.daily, handledThrough: nil)
    simulation.run(from: now, to: now.addingTimeInterval(2 * 86_400), every: 5)
    #expect(simulation.runs.map(\.due) == [at("2026-06-05T03:00:00+02:00"), at("2026-06-06T03:00:00+02:00")])
    #expect(simulation.runs.allSatisfy { $0.catchingUp == nil } && simulation.skipped.isEmpty)
  }

  @Test func aRunningJobSkipsWhateverCatchUpSays() {
    let state = JobState(handledThrough: at("2026-06-01T03:00:00+02:00"), isRunning: true)
    let decision = Self.daily.decide(state, now: at("2026-06-04T10:00:00+02:00"))
    #expect(decision.run == nil)
    #expect(decision.skipped?.reason == .stillRunning && decision.skipped?.dueTimes.count == 3)
    #expect(decision.handledThrough == at("2026-06-04T03:00:00+02:00"))
  }

  @Test func aStalledLoopOrAShortFailover() {
    let state = JobState(handledThrough: at("2026-06-01T12:00:00Z"))
    // 30 s late for one due time: still on time.
    #expect(Self.everyMinute.decide(state, now: at("2026-06-01T12:01:30Z")).run?.catchingUp == nil)
    // Two due times passed: one catch-up run for both.
    let two = Self.everyMinute.decide(state, now: at("2026-06-01T12:02:05Z"))
    #expect(two.run?.due == at("2026-06-01T12:02:00Z") && two.run?.catchingUp?.count == 2)
  }

  @Test func aDueTimeThatPassedBeforeSkepControlStartedIsCaughtUpHoweverRecent() {
    // The service came back 20 s after a due time it missed while moving to another manager.
    let state = JobState(handledThrough: at("2026-06-01T12:00:00Z"), deciderStarted: at("2026-06-01T12:01:20Z"))
    let once = Self.everyMinute.decide(state, now: at("2026-06-01T12:01:21Z"))
    #expect(once.run?.due == at("2026-06-01T12:01:00Z") && once.run?.catchingUp?.count == 1)
    // With catch_up: none it still runs, on time: a restart seconds after a due time does not lose it.
    var none = Self.everyMinute
    none.catchUp = .none
    let noneDecision = none.decide(state, now: at("2026-06-01T12:01:21Z"))
    #expect(noneDecision.run?.due == at("2026-06-01T12:01:00Z") && noneDecision.run?.catchingUp == nil)
    // A due time after the start is on time, as before.
    let later = JobState(handledThrough: at("2026-06-01T12:01:00Z"), deciderStarted: at("2026-06-01T12:01:20Z"))
    #expect(Self.everyMinute.decide(later, now: at("2026-06-01T12:02:01Z")).run?.catchingUp == nil)
  }

  @Test func aHandledThroughAheadOfTheClockWaits() {
    // Another manager's clock was ahead: nothing runs twice, the schedule goes on from there.
    let state = JobState(handledThrough: at("2026-06-02T03:00:00+02:00"))
    let decision = Self.daily.decide(state, now: at("2026-06-02T02:59:50+02:00"))
    #expect(decision == ScheduleDecision(nextDue: at("2026-06-03T03:00:00+02:00")))
  }

  @Test func aLongDowntimeOfAFrequentJobIsCountedUpToALimit() {
    let state = JobState(handledThrough: at("2026-05-01T00:00:00Z"))
    let decision = Self.everyMinute.decide(state, now: at("2026-06-01T00:00:30Z"))
    #expect(decision.run?.due == at("2026-06-01T00:00:00Z"))
    #expect(decision.run?.catchingUp?.count == DueTimes.countLimit)
    #expect(decision.run?.catchingUp?.isCountCapped == true)
    #expect(decision.run?.catchingUp?.first == at("2026-05-01T00:01:00Z"))
  }

  @Test func daylightSavingDecisions() {
    let nightly = JobSchedule(cron: cron("30 2 * * *"), timeZone: berlin)
    // 2026-03-29 02:30 does not exist: the run comes at 03:00 CEST, on time.
    let spring = nightly.decide(
      JobState(handledThrough: at("2026-03-28T02:30:00+01:00")), now: at("2026-03-29T03:00:10+02:00"))
    #expect(spring.run == ScheduleDecision.Run(due: at("2026-03-29T03:00:00+02:00")))
    // 2026-10-25 02:30 happens twice: one run, at the first.
    var simulation = Simulation(nightly, handledThrough: at("2026-10-24T02:30:00+02:00"))
    simulation.run(from: at("2026-10-25T02:00:00+02:00"), to: at("2026-10-25T03:00:00+01:00"))
    #expect(simulation.runs.map(\.due) == [at("2026-10-25T02:30:00+02:00")])
  }

  @Test func fromTheSection() throws {
    let yaml = oneNodeWithSchedule
    let section = try #require(try InventoryLoader.parse(yaml, file: "skep.yml").schedule)
    let job = try #require(section.job(.clean))
    let schedule = JobSchedule(job, in: section)
    #expect(schedule.timeZone == berlin && schedule.catchUp == .none)
    #expect(schedule.nextDue(after: at("2026-06-01T00:00:00Z")) == at("2026-06-01T03:30:00+02:00"))
  }
}

let oneNodeWithSchedule = """
  managers: 1
  nodes:
    - name: node1
      address: 10.0.0.1
      docker: unix:///run/docker.sock
  schedule:
    time_zone: Europe/Berlin
    catch_up: none
    jobs:
      clean: "30 3 * * *"

  """
