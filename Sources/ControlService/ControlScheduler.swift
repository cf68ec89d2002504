import Backup
import Control
import Foundation
import Logging
import RunHistory
import SkepConfig

/// The heart of skep-control: every second, asks `JobSchedule.decide` about each enabled job, records what it
/// decided in the history before acting on it, and runs the jobs it should. Manual runs (`skep jobs run`) come in
/// through `trigger`. The history's unique running run per job is the no-overlap rule: a second start of a job is
/// refused whoever asks.
actor ControlScheduler {
  /// What a finished run leads to: notifications and a snapshot of the history.
  typealias Finished = @Sendable (JobRun) async -> Void

  let history: RunHistoryStore
  let section: ScheduleSection
  /// Runs one job to its end (`ControlJobRunner.run` in the service).
  let execute: @Sendable (ScheduleSection.JobName) async -> ControlJobRunner.Outcome
  /// A run of the job the swarm still carries out though this process did not start it (a run a stopped
  /// skep-control left behind, or one a person started with the CLI): its name, or nil. Asked only when a run is due.
  let runningElsewhere: @Sendable (ScheduleSection.JobName) async -> String?
  let logger: Logger
  /// Called after each write that must survive a failover (a run started or finished, due times skipped).
  let persist: @Sendable () async -> Void
  let finished: Finished
  /// Every due time up to here was run or skipped, per job.
  private var handledThrough: [String: Date] = [:]
  private var runs: [String: Task<Void, Never>] = [:]
  /// When `start` ran: due times before it were missed while no skep-control ran.
  private var started: Date?

  init(
    history: RunHistoryStore, section: ScheduleSection,
    execute: @escaping @Sendable (ScheduleSection.JobName) async -> ControlJobRunner.Outcome,
    runningElsewhere: @escaping @Sendable (ScheduleSection.JobName) async -> String? = { _ in nil }, logger: Logger,
    persist: @escaping @Sendable () async -> Void = {}, finished: @escaping Finished = { _ in }
  ) {
    self.history = history
    self.section = section
    self.execute = execute
    self.runningElsewhere = runningElsewhere
    self.logger = logger
    self.persist = persist
    self.finished = finished
  }

  /// The jobs of the section that are enabled.
  var enabledJobs: [ScheduleSection.Job] { section.jobs.filter(\.enabled) }

  /// Marks the runs a stopped service left `running` as interrupted and reads each job's watermark.
  func start(now: Date = Date()) async throws {
    started = now
    let interrupted = try await history.markInterrupted(at: now)
    for run in interrupted { logger.warning("run \(run.id) of \(run.job) was interrupted by a stop of skep-control") }
    handledThrough = try await history.lastDues()
    if !interrupted.isEmpty { await persist() }
  }

  /// One pass over the jobs: start what is due, record what is skipped.
  func tick(now: Date = Date()) async {
    for job in enabledJobs {
      let name = job.name.rawValue
      let schedule = JobSchedule(job, in: section)
      var state = JobState(
        handledThrough: handledThrough[name], isRunning: runs[name] != nil, deciderStarted: started)
      var decision = schedule.decide(state, now: now)
      if decision.run != nil, let elsewhere = await runningElsewhere(job.name) {
        logger.info("\(name): due, but \(elsewhere) is still running in the swarm")
        state.isRunning = true
        decision = schedule.decide(state, now: now)
      }
      do {
        if let skipped = decision.skipped {
          let text =
            skipped.reason == .stillRunning
            ? "a run was still going on" : "skep-control was not running"
          try await history.recordSkipped(
            job: name, due: skipped.dueTimes.last,
            message: "\(skipped.dueTimes.description) skipped: \(text)", at: now)
          logger.info("\(name): \(skipped.dueTimes) skipped (\(skipped.reason))")
        }
        if let run = decision.run {
          let trigger: JobRun.Trigger = run.catchingUp == nil ? .scheduled : .caughtUp
          let record = try await history.start(job: name, trigger: trigger, due: run.due, at: now)
          await persist()
          launch(record, job: job.name)
        } else if decision.skipped != nil {
          await persist()
        }
        // A decision that leaves the watermark where it was says so with nil: keep it. (Dropping it made the next
        // tick start over from `now`, so a due time was met only when it fell right after such a tick: with a
        // one-second loop, whole runs of minutes went by without a run.)
        if let mark = decision.handledThrough { handledThrough[name] = mark }
      } catch {
        logger.error("\(name): could not record the schedule's decision: \(error)")
      }
    }
  }

  /// A manual run of `name`, unless one of the job is going on.
  func trigger(_ name: String, now: Date = Date()) async -> ManualTrigger {
    guard let job = ScheduleSection.JobName(rawValue: name) else {
      return .unknownJob(known: ScheduleSection.JobName.allCases.map(\.rawValue))
    }
    if let refusal = ControlJobRunner.refusal(job) { return .refused(reason: refusal, running: nil) }
    if runs[name] == nil, let elsewhere = await runningElsewhere(job) {
      return .refused(
        reason: "\(name) is already running in the swarm as \(elsewhere), not started by skep-control: runs of one "
          + "job never overlap", running: nil)
    }
    do {
      let record = try await history.start(job: name, trigger: .manual, at: now)
      await persist()
      launch(record, job: job)
      return .started(record)
    } catch let error as RunHistoryError where error.code == .alreadyRunning {
      let running = try? await history.running(job: name)
      return .refused(
        reason:
          "\(name) is already running (run \(error.runID.map(String.init) ?? "?")): runs of one job never overlap",
        running: running)
    } catch {
      return .refused(reason: "the history refused the run: \(error)", running: nil)
    }
  }

  /// The next due time of every job, and whether it runs now.
  func scheduleRows(now: Date = Date()) -> [(job: ScheduleSection.Job, nextDue: Date?, isRunning: Bool)] {
    section.jobs.map { job in
      let next = job.enabled ? JobSchedule(job, in: section).nextDue(after: now) : nil
      return (job, next, runs[job.name.rawValue] != nil)
    }
  }

  private func launch(_ record: JobRun, job: ScheduleSection.JobName) {
    let execute = execute
    let history = history
    let logger = logger
    let finished = finished
    logger.info("\(job): run \(record.id) started (\(record.trigger.rawValue))")
    runs[job.rawValue] = Task {
      let outcome = await execute(job)
      do {
        let done = try await history.finish(
          id: record.id, status: outcome.status, message: outcome.message, bytesAdded: outcome.bytesAdded,
          items: outcome.items)
        logger.info("\(job): run \(record.id) \(done.status.rawValue): \(outcome.message)")
        self.ended(job)
        await finished(done)
      } catch {
        logger.error("\(job): run \(record.id) ended but could not be recorded: \(error)")
        self.ended(job)
      }
    }
  }

  private func ended(_ job: ScheduleSection.JobName) {
    runs[job.rawValue] = nil
  }

  /// Waits for the runs going on (tests, and a clean stop).
  func waitForRuns() async {
    for task in runs.values { await task.value }
  }
}

/// What a manual trigger did.
enum ManualTrigger: Sendable {
  case started(JobRun)
  case refused(reason: String, running: JobRun?)
  case unknownJob(known: [String])
}
