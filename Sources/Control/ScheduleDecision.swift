import Foundation

/// What the scheduler does about one job now: `JobSchedule.decide(_:now:)` returns it; the executor starts the run,
/// records the skipped due times and persists `handledThrough`, then asks again at `nextDue` (or every second).
public struct ScheduleDecision: Sendable, Hashable {
  /// A run to start now.
  public struct Run: Sendable, Hashable {
    /// The due time the run is for (record it in the history; it becomes the job's `handledThrough`).
    public var due: Date
    /// Nil for a run on time; for a catch-up run (`catch_up: once`), the missed due times it stands for
    /// (`due` is the last of them).
    public var catchingUp: DueTimes?

    /// Creates a run.
    public init(due: Date, catchingUp: DueTimes? = nil) {
      self.due = due
      self.catchingUp = catchingUp
    }
  }

  /// Why due times passed without a run.
  public enum SkipReason: String, Sendable, Hashable, CustomStringConvertible {
    /// They passed while a run of the job was going on: runs of one job never overlap, and are not queued.
    case stillRunning = "previous run still running"
    /// They passed while skep-control was down, and `catch_up` is `none`.
    case missedWhileDown = "missed while skep-control was down (catch_up: none)"

    /// The reason as the history shows it.
    public var description: String { rawValue }
  }

  /// Due times to record as skipped.
  public struct Skip: Sendable, Hashable {
    /// Which.
    public var dueTimes: DueTimes
    /// Why.
    public var reason: SkipReason

    /// Creates a skip.
    public init(_ dueTimes: DueTimes, _ reason: SkipReason) {
      self.dueTimes = dueTimes
      self.reason = reason
    }
  }

  /// The run to start now, if any.
  public var run: Run?
  /// The due times that passed without a run, if any.
  public var skipped: Skip?
  /// The job's new `handledThrough` to persist (every due time up to it has been run or skipped); nil when it does
  /// not change.
  public var handledThrough: Date?
  /// When the job is next due after this decision; nil when it is not due within `CronExpression.searchYears`.
  public var nextDue: Date?

  /// Creates a decision.
  public init(run: Run? = nil, skipped: Skip? = nil, handledThrough: Date? = nil, nextDue: Date?) {
    self.run = run
    self.skipped = skipped
    self.handledThrough = handledThrough
    self.nextDue = nextDue
  }
}
