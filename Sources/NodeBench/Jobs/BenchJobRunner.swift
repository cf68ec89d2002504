import Backup
import DockerEngine
import Foundation
import Logging

/// Runs one bench job (a one-task service pinned to a node) through a manager: creates it, polls its task with the
/// backup jobs' ``JobWatch`` until it ends (or its node goes down, or time is up), reads its logs and always removes
/// the service. Backup's `SwarmJob` does the same for ``SwarmJobSpec`` values, which always mount the restic password
/// and cannot say host networking or an arbitrary bind, hence this thin twin over a plain `ServiceSpec`.
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

  /// Runs `spec` (pinned to `node`) to its end.
  public func run(_ spec: ServiceSpec, on node: String) async throws -> Result {
    let id = try await manager.createService(spec)
    logger.debug("bench job \(spec.name) created (\(id)) on \(node)")
    do {
      let outcome = try await watch(serviceID: id, node: node)
      let logs = await readLogs(id)
      await remove(id)
      return Result(name: spec.name, node: node, outcome: outcome, logs: logs)
    } catch {
      await remove(id)
      throw error
    }
  }

  func watch(serviceID: String, node: String) async throws -> JobTaskOutcome {
    var watch = JobWatch(expected: [node])
    let clock = ContinuousClock()
    let start = clock.now
    var nodes: [SwarmNode] = []
    var tasks: [SwarmTask] = []
    while !watch.isFinished {
      if clock.now - start > timeout {
        watch.timeOut(tasks: tasks, nodes: nodes)
        break
      }
      try await Task.sleep(for: pollInterval)
      nodes = (try? await manager.nodes()) ?? nodes
      tasks = (try? await manager.tasks(filters: ["service": [serviceID]])) ?? tasks
      watch.observe(nodes: nodes, tasks: tasks, graceForTasksOver: clock.now - start > taskGrace)
    }
    return watch.outcomes[node] ?? .nodeDown
  }

  /// The service's logs; bounded in time, since a manager may wait on a node that is gone.
  func readLogs(_ serviceID: String) async -> JobLogs {
    let manager = manager
    let collected = await withTaskGroup(of: JobLogs?.self) { group in
      group.addTask {
        var logs = JobLogs()
        do {
          for try await frame in manager.serviceLogs(serviceID) { logs.append(frame) }
        } catch {
          logs.readError = "\(error)"
        }
        return logs
      }
      group.addTask {
        try? await Task.sleep(for: .seconds(20))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
    return collected ?? JobLogs(readError: "the job's logs did not arrive within 20s (a node may be down)")
  }

  func remove(_ id: String) async {
    do {
      try await manager.removeService(id)
    } catch {
      logger.warning("could not remove the bench job \(id): \(error); remove it with `docker service rm \(id)`")
    }
  }
}
