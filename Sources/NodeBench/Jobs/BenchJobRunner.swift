import Backup
import DockerEngine
import Foundation
import Logging

/// Runs one bench job (a one-task service pinned to a node) through a manager with Backup's `SwarmJob` — created,
/// watched until it ends (or its node goes down, or time is up), logs read, always removed — over a plain
/// `ServiceSpec` (a bench job has host networking or its own bind, which ``SwarmJobSpec`` does not say).
public struct BenchJobRunner: Sendable {
  /// What a finished job left.
  public struct Result: Sendable, Hashable {
    public var name: String
    public var node: String
    public var outcome: JobTaskOutcome
    public var logs: JobLogs

    /// The bench lines on stdout.
    public var lines: [BenchLine] { BenchLine.parse(lines: logs.stdoutLines) }

    /// Why it failed, for people: the task's end and the agent's last error line.
    public var failure: String? {
      guard !outcome.succeeded else { return nil }
      let last = logs.stderrLines.last { $0.contains("error") } ?? logs.stderrLines.last { !$0.isEmpty }
      return last.map { "\(outcome) — \($0)" } ?? "\(outcome)"
    }
  }

  public var manager: DockerClient
  public var timeout: Duration
  /// How long the node may stay without a task before it is reported (the scheduler is normally instant).
  public var taskGrace: Duration = .seconds(30)
  public var pollInterval: Duration = .milliseconds(250)
  public var logger: Logger

  public init(manager: DockerClient, timeout: Duration, logger: Logger) {
    self.manager = manager
    self.timeout = timeout
    self.logger = logger
  }

  /// Runs `spec` (pinned to `node`) to its end, through Backup's ``SwarmJob`` (same watch, logs and removal).
  public func run(_ spec: ServiceSpec, on node: String) async throws -> Result {
    var job = SwarmJob(manager: manager, timeout: timeout, logger: logger)
    job.taskGrace = taskGrace
    job.pollInterval = pollInterval
    let result = try await job.run(service: spec, expected: [node])
    let outcome = result.outcomes.first { $0.node == node }?.outcome ?? .nodeDown
    return Result(name: spec.name, node: node, outcome: outcome, logs: result.logs)
  }
}
