import Foundation
import SkepConfig

/// The state of one job as the executor knows it from its history and from the swarm.
public struct JobState: Sendable, Hashable {
  /// Every due time up to this instant has been dealt with (run, caught up or skipped): the due time of the last
  /// run or skip in the history. Nil for a job with no history.
  public var handledThrough: Date?
  /// Whether a run of the job is going on now (its swarm job has not finished).
  public var isRunning: Bool
  /// When the deciding skep-control process started: a due time before it passed while no skep-control ran, so it
  /// was missed, however recent. Nil when unknown (every due time within `onTimeWindow` then counts as on time).
  public var deciderStarted: Date?

  /// Creates a state.
  public init(handledThrough: Date?, isRunning: Bool = false, deciderStarted: Date? = nil) {
    self.handledThrough = handledThrough
    self.isRunning = isRunning
    self.deciderStarted = deciderStarted
  }
}

/// When one job is due and what to do about it now: a pure rule, called by the executor every second (or at
/// `nextDue`) with the job's state and the current time.
///
/// The rules, for the due times in `(handledThrough, now]`:
/// - none: nothing to do; `nextDue` says when to ask again.
/// - a job with no history (`handledThrough` nil) starts its schedule now: no run, `handledThrough` = now, its first
///   run is its next due time. It never "catches up" from the beginning of time.
/// - a run is going on: the due times are skipped (`stillRunning`), never queued, whatever `catch_up` says. A run
///   longer than the interval is never overlapped; the job next runs at the first due time after it ends.
/// - one due time, at most `onTimeWindow` ago, and not before skep-control started: run now, on time.
/// - otherwise they were missed while skep-control was down (or its loop stalled): with `catch_up: once` one run now
///   stands for all of them, recorded as a catch-up even when the failover took less than `onTimeWindow`; with
///   `none` they are skipped (`missedWhileDown`), except the last one when it is still within `onTimeWindow`, which
///   runs (a restart seconds after a daily due time does not lose the day).
///
/// `handledThrough` then moves to the last due time at or before `now`, so asking again — while that run goes on or
/// after it ended — finds nothing due until the next due time: a catch-up happens once. The executor must persist
/// it (with the run's history entry) before it starts the run, or a failover in between could start it twice.
public struct JobSchedule: Sendable, Hashable {
  /// When the job is due.
  public var cron: CronExpression
  /// The zone the expression is read in.
  public var timeZone: TimeZone
  /// What happens to due times missed while skep-control was down.
  public var catchUp: ScheduleSection.CatchUp
  /// How late a single due time may be found and still count as on time, rather than missed.
  public var onTimeWindow: TimeInterval

  /// `onTimeWindow` by default: a minute, longer than a stalled loop and shorter than a failover usually takes.
  public static let defaultOnTimeWindow: TimeInterval = 60

  /// Creates a schedule.
  public init(
    cron: CronExpression, timeZone: TimeZone, catchUp: ScheduleSection.CatchUp = ScheduleSection.defaultCatchUp,
    onTimeWindow: TimeInterval = JobSchedule.defaultOnTimeWindow
  ) {
    self.cron = cron
    self.timeZone = timeZone
    self.catchUp = catchUp
    self.onTimeWindow = onTimeWindow
  }

  /// The schedule of a job of the `schedule:` section, with the section's time zone and catch-up rule.
  public init(_ job: ScheduleSection.Job, in section: ScheduleSection) {
    self.init(cron: job.cron, timeZone: section.timeZone, catchUp: section.catchUp)
  }

  /// The first due time strictly after `date`.
  public func nextDue(after date: Date) -> Date? { cron.next(after: date, in: timeZone) }

  /// What to do now; see the type's documentation for the rules.
  public func decide(_ state: JobState, now: Date) -> ScheduleDecision {
    guard let mark = state.handledThrough else {
      return ScheduleDecision(handledThrough: now, nextDue: nextDue(after: now))
    }
    guard let first = nextDue(after: mark), first <= now else {
      return ScheduleDecision(nextDue: nextDue(after: max(mark, now)))
    }
    let upcoming = nextDue(after: now)
    let due = dueTimes(after: mark, first: first, now: now, upcoming: upcoming)
    if state.isRunning {
      return ScheduleDecision(skipped: .init(due, .stillRunning), handledThrough: due.last, nextDue: upcoming)
    }
    let lastIsOnTime = now.timeIntervalSince(due.last) <= onTimeWindow
    let missedWhileDown = state.deciderStarted.map { due.first < $0 } ?? false
    if due.count == 1, lastIsOnTime, !(missedWhileDown && catchUp == .once) {
      return ScheduleDecision(run: .init(due: due.last), handledThrough: due.last, nextDue: upcoming)
    }
    switch catchUp {
    case .once:
      return ScheduleDecision(
        run: .init(due: due.last, catchingUp: due), handledThrough: due.last, nextDue: upcoming)
    case .none where lastIsOnTime:
      let missed = DueTimes(
        first: due.first, last: cron.previous(before: due.last, in: timeZone) ?? due.first, count: due.count - 1,
        isCountCapped: due.isCountCapped)
      return ScheduleDecision(
        run: .init(due: due.last), skipped: .init(missed, .missedWhileDown), handledThrough: due.last,
        nextDue: upcoming)
    case .none:
      return ScheduleDecision(skipped: .init(due, .missedWhileDown), handledThrough: due.last, nextDue: upcoming)
    }
  }

  /// The due times in `(mark, now]`, the first of which is `first`.
  func dueTimes(after mark: Date, first: Date, now: Date, upcoming: Date?) -> DueTimes {
    let last = upcoming.flatMap { cron.previous(before: $0, in: timeZone) }.map { max($0, first) } ?? first
    if last == first { return DueTimes(first) }
    let limit = DueTimes.countLimit
    let counted = cron.dueTimes(after: mark, through: last, in: timeZone, limit: limit + 1).count
    return DueTimes(first: first, last: last, count: min(counted, limit), isCountCapped: counted > limit)
  }
}
