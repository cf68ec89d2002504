import Foundation

/// One job's line on the dashboard and in the metrics.
public struct JobSummary: Sendable, Hashable, Codable {
  /// Runs of the job by status, over the whole history.
  public struct Counts: Sendable, Hashable, Codable {
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var skipped = 0
    public var interrupted = 0

    /// Creates counts.
    public init(running: Int = 0, succeeded: Int = 0, failed: Int = 0, skipped: Int = 0, interrupted: Int = 0) {
      self.running = running
      self.succeeded = succeeded
      self.failed = failed
      self.skipped = skipped
      self.interrupted = interrupted
    }

    /// Every recorded run, skipped ones included.
    public var total: Int { running + succeeded + failed + skipped + interrupted }

    /// The count for one status.
    public subscript(status: JobRun.Status) -> Int {
      switch status {
      case .running: running
      case .succeeded: succeeded
      case .failed: failed
      case .skipped: skipped
      case .interrupted: interrupted
      }
    }
  }

  /// The job's name.
  public var job: String
  /// The newest run that ran (skipped records left out: a skip recorded while a run goes on must not hide it);
  /// without items. Its `status`, `started` and `duration` are the dashboard's columns.
  public var lastRun: JobRun?
  /// Runs by status.
  public var counts: Counts
  /// Bytes added by all its runs.
  public var bytesAdded: Int64
  /// The newest due time recorded for the job (see ``RunHistoryStore/lastDue(job:)``).
  public var lastDue: Date?

  /// Creates a summary.
  public init(job: String, lastRun: JobRun?, counts: Counts, bytesAdded: Int64, lastDue: Date?) {
    self.job = job
    self.lastRun = lastRun
    self.counts = counts
    self.bytesAdded = bytesAdded
    self.lastDue = lastDue
  }
}

/// What the dashboard's main page and the metrics endpoint need, read at once.
public struct HistorySummary: Sendable, Hashable, Codable {
  /// One line per job that has any run, by name.
  public var jobs: [JobSummary]
  /// Failed and interrupted runs since the date asked for, newest first, without items.
  public var failures: [JobRun]
  /// Every recorded run.
  public var totalRuns: Int

  /// Creates a summary.
  public init(jobs: [JobSummary], failures: [JobRun], totalRuns: Int) {
    self.jobs = jobs
    self.failures = failures
    self.totalRuns = totalRuns
  }
}
