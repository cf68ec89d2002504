import Foundation

/// One recorded run of a scheduled job (backup, clean, check, registry_prune, build…): when it was due, when it
/// started and ended, how it ended, and what happened per node and volume.
public struct JobRun: Sendable, Hashable, Codable, Identifiable {
  /// What started the run.
  public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
    /// The schedule, on time.
    case scheduled
    /// The schedule, late: due times missed while skep-control was down, run once.
    case caughtUp
    /// `skep jobs run NAME`.
    case manual
  }

  /// How the run stands or ended.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    /// Going on now (at most one per job).
    case running
    /// Everything it had to do went well.
    case succeeded
    /// Something failed (see `message` and the items).
    case failed
    /// Not run: its due time passed while another run went on, or while skep-control was down.
    case skipped
    /// skep-control stopped while it ran: how it ended is unknown.
    case interrupted

    /// True for every status but ``running``.
    public var isFinished: Bool { self != .running }
    /// True for ``failed`` and ``interrupted``: what the dashboard lists as failures.
    public var isFailure: Bool { self == .failed || self == .interrupted }
  }

  /// The store's id, increasing with every recorded run.
  public var id: Int64
  /// The job's name in `schedule:` (`backup`, `clean`…).
  public var job: String
  /// What started it.
  public var trigger: Trigger
  /// The due time it stands for; nil for a manual run.
  public var due: Date?
  /// When it started (for a skipped record: when it was skipped).
  public var started: Date
  /// When it ended; nil while running.
  public var ended: Date?
  /// How it stands or ended.
  public var status: Status
  /// The error summary, or why it was skipped or interrupted; nil when there is nothing to say.
  public var message: String?
  /// Bytes the run added (to the backup repository, the registry…), when it knows.
  public var bytesAdded: Int64?
  /// What happened per node and volume; empty in lists (``RunHistoryStore/runs(job:limit:beforeID:)``), filled by
  /// ``RunHistoryStore/run(id:)``.
  public var items: [JobRunItem]

  /// Creates a run value (the store makes these; tests and previews may too).
  public init(
    id: Int64, job: String, trigger: Trigger, due: Date?, started: Date, ended: Date? = nil,
    status: Status = .running, message: String? = nil, bytesAdded: Int64? = nil, items: [JobRunItem] = []
  ) {
    self.id = id
    self.job = job
    self.trigger = trigger
    self.due = due
    self.started = started
    self.ended = ended
    self.status = status
    self.message = message
    self.bytesAdded = bytesAdded
    self.items = items
  }

  /// Seconds from start to end; nil while running.
  public var duration: TimeInterval? { ended.map { $0.timeIntervalSince(started) } }
}
