import Foundation
import RunHistory

/// What the HTTP layer asks of skep-control: the service implements it over its data gathering, run history and
/// job runner; tests implement it with fixed values.
public protocol ControlBackend: Sendable {
  /// The data for the dashboard and the metrics, gathered now (or the newest gathered: the backend decides).
  func snapshot() async -> DashboardSnapshot
  /// One run with its items; nil when there is no run with that id.
  func run(id: Int64) async throws -> JobRun?
  /// Runs newest first, of one job or of all (`job` nil), at most `limit`, without items.
  func runs(job: String?, limit: Int) async throws -> [JobRun]
  /// Starts a run of `job` now (`skep jobs run`, `POST /api/jobs/NAME/run`).
  func trigger(job: String) async -> TriggerResult
  /// Why the service is not healthy (its schedule loop has stopped making progress, say), or nil when it is:
  /// `/healthz` answers 503 with the reason.
  func unhealthy() async -> String?
}

extension ControlBackend {
  public func unhealthy() async -> String? { nil }
}

/// How a manual run request ended.
public enum TriggerResult: Sendable {
  /// The run was started (its record, status `running`).
  case started(JobRun)
  /// The run was not started: why (`backup is already running`…) and the run in the way, if one is.
  case refused(reason: String, running: JobRun?)
  /// No job of that name in `schedule:`; the names there are.
  case unknownJob(known: [String])
}
