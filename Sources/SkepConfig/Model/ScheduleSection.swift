import Foundation

/// The `schedule:` section of `skep.yml`: when the `skep-control` service runs skep's jobs.
///
/// The loader has parsed every cron expression and resolved the time zone; the `Control` module turns a job into
/// due times and decisions.
public struct ScheduleSection: Sendable, Hashable {
  /// The jobs skep-control knows how to run.
  public enum JobName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `skep backup run` for every volume.
    case backup
    /// The clean-up of unused containers, images and volumes.
    case clean
    /// `restic check` of the backup repository.
    case check
    /// Deleting old date tags from the local registry.
    case registryPrune = "registry_prune"
    /// `skep build` of the images.
    case build

    /// The name as `skep.yml` writes it.
    public var description: String { rawValue }
  }

  /// What happens to the due times of a job that passed while skep-control was not running.
  public enum CatchUp: String, Sendable, Hashable, CaseIterable {
    /// They become one run when skep-control starts again.
    case once
    /// They are skipped (and recorded as skipped).
    case none
  }

  /// One job of `jobs:`.
  public struct Job: Sendable, Hashable {
    /// Which job.
    public var name: JobName
    /// When it is due.
    public var cron: CronExpression
    /// `enabled: false` keeps the job in the file without running it.
    public var enabled: Bool
    /// Location of the job's value (the cron string, or its mapping).
    public var location: SourceLocation

    /// Creates a job.
    public init(name: JobName, cron: CronExpression, enabled: Bool = true, location: SourceLocation) {
      self.name = name
      self.cron = cron
      self.enabled = enabled
      self.location = location
    }
  }

  /// The time zone cron expressions are read in (`time_zone`, default UTC).
  public var timeZone: TimeZone
  /// What happens to runs missed while skep-control was down (`catch_up`, default `once`).
  public var catchUp: CatchUp
  /// The jobs, in file order; empty when `jobs` is empty or not written.
  public var jobs: [Job]
  /// Where the section starts.
  public var location: SourceLocation

  /// The keys of the section, in the order docs/inventory.md lists them.
  public static let keys = ["time_zone", "catch_up", "jobs"]
  /// The keys of a job written as a mapping.
  public static let jobKeys = ["cron", "enabled"]
  /// `time_zone` when not written.
  public static let defaultTimeZone = "UTC"
  /// The default time zone.
  public static let utc = TimeZone(identifier: defaultTimeZone) ?? .gmt
  /// `catch_up` when not written.
  public static let defaultCatchUp = CatchUp.once

  /// Creates a section.
  public init(
    timeZone: TimeZone = ScheduleSection.utc, catchUp: CatchUp = ScheduleSection.defaultCatchUp, jobs: [Job] = [],
    location: SourceLocation
  ) {
    self.timeZone = timeZone
    self.catchUp = catchUp
    self.jobs = jobs
    self.location = location
  }

  /// The job called `name`, if the section has it.
  public func job(_ name: JobName) -> Job? {
    jobs.first { $0.name == name }
  }
}
