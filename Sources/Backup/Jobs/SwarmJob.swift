import DockerEngine
import Foundation
import Logging

/// Runs one ``SwarmJobSpec`` on the swarm through a manager: creates the service, polls its tasks until every node is
/// done (or down, or out of time), reads its logs, and always removes the service (completed job tasks pile up
/// otherwise: moby#45443).
public struct SwarmJob: Sendable {
  /// What a finished job left.
  public struct Result: Sendable, Hashable {
    /// The service's name (already removed).
    public var name: String
    /// How each node's task ended, in the order the job expected them.
    public var outcomes: [NodeOutcome]
    /// Every task's output, split into lines per stream.
    public var logs: JobLogs

    /// True when every node's task completed.
    public var succeeded: Bool { outcomes.allSatisfy { $0.outcome.succeeded } }
  }

  /// One node's end of a job.
  public struct NodeOutcome: Sendable, Hashable {
    public var node: String
    public var outcome: JobTaskOutcome
    /// Creates an outcome.
    public init(node: String, outcome: JobTaskOutcome) {
      self.node = node
      self.outcome = outcome
    }
  }

  /// The manager the job is created on.
  public var manager: DockerClient
  /// How long every task may take, start to end.
  public var timeout: Duration
  /// How long a node may stay without any task before it is reported (the scheduler is normally instant).
  public var taskGrace: Duration = .seconds(30)
  /// Time between two polls of the job's tasks: short, because a job's end is only seen at a poll (one request to
  /// the manager, a few milliseconds).
  public var pollInterval: Duration = .milliseconds(200)
  /// The node list (to tell a node that went down) is read every this many polls.
  public var nodePollEvery = 5
  /// Keep the service after the job (tests inspect it); the caller removes it.
  public var keepService = false
  public var logger: Logger

  /// Creates a runner.
  public init(manager: DockerClient, timeout: Duration = .seconds(3600), logger: Logger) {
    self.manager = manager
    self.timeout = timeout
    self.logger = logger
  }

  /// The swarm's nodes, by hostname, and the hostname of a ready manager (for one-task jobs without a node).
  public func members() async throws -> [SwarmNode] {
    try await manager.nodes()
  }

  /// Runs the job. `onNodeDone` is called once per node as soon as its outcome is known, with the logs read so far.
  /// - Throws: `JobError` when the job cannot start (no secret, no node); Docker errors on create.
  public func run(
    _ job: SwarmJobSpec, secretID: String, extraSecrets: [(id: String, name: String)] = [],
    onNodeDone: @Sendable (String, JobTaskOutcome, JobLogs) async -> Void = { _, _, _ in }
  ) async throws -> Result {
    let nodes = try await members()
    let expected = try Self.expectedNodes(job.placement, nodes: nodes)
    var spec = job.serviceSpec(secretID: secretID, extraSecrets: extraSecrets)
    if case .oneTask(nil) = job.placement, let node = expected.first {
      spec.taskTemplate.placement = .init(constraints: ["node.hostname==\(node)"])
    }
    return try await run(service: spec, expected: expected, onNodeDone: onNodeDone)
  }

  /// Runs any job service (a spec that is not a ``SwarmJobSpec``: host networking, other binds) on the `expected`
  /// nodes, with the same watch, logs and removal.
  public func run(
    service spec: ServiceSpec, expected: [String],
    onNodeDone: @Sendable (String, JobTaskOutcome, JobLogs) async -> Void = { _, _, _ in }
  ) async throws -> Result {
    let id = try await manager.createService(spec)
    logger.debug("job \(spec.name) created (\(id)) for \(expected.joined(separator: ", "))")
    do {
      let result = try await watch(serviceID: id, name: spec.name, expected: expected, onNodeDone: onNodeDone)
      if !keepService { await remove(id) }
      return result
    } catch {
      await remove(id)
      throw error
    }
  }

  /// The nodes a placement covers: the named ones, every member, or one ready manager.
  static func expectedNodes(_ placement: SwarmJobSpec.Placement, nodes: [SwarmNode]) throws -> [String] {
    let names = nodes.map { $0.description?.hostname ?? $0.id }
    switch placement {
    case .everyNode(let excluded):
      let covered = names.filter { !excluded.contains($0) }
      guard !covered.isEmpty else { throw JobError("no swarm node is left for the job") }
      return covered
    case .oneTask(let node?):
      guard names.contains(node) else { throw JobError("no swarm node has the hostname \(node)") }
      return [node]
    case .oneTask(nil):
      let ready = nodes.filter {
        $0.spec.role == .manager && $0.status.state == .ready && $0.spec.availability == .active
      }
      let leader = ready.first { $0.managerStatus?.leader == true } ?? ready.first
      guard let leader else { throw JobError("no manager node is ready to run the job") }
      return [leader.description?.hostname ?? leader.id]
    }
  }

  /// Polls the service's tasks until every expected node is done (or down, or out of time), then reads the logs.
  func watch(
    serviceID: String, name: String, expected: [String],
    onNodeDone: @Sendable (String, JobTaskOutcome, JobLogs) async -> Void = { _, _, _ in }
  ) async throws -> Result {
    var watch = JobWatch(expected: expected)
    let clock = ContinuousClock()
    let start = clock.now
    var nodes: [SwarmNode] = []
    var tasks: [SwarmTask] = []
    var polls = 0
    var pending: [String] = []
    while !watch.isFinished {
      if clock.now - start > timeout {
        watch.timeOut(tasks: tasks, nodes: nodes)
        break
      }
      try await Task.sleep(for: pollInterval)
      if polls % max(nodePollEvery, 1) == 0 || nodes.isEmpty { nodes = (try? await manager.nodes()) ?? nodes }
      polls += 1
      tasks = (try? await manager.tasks(filters: ["service": [serviceID]])) ?? tasks
      let done = watch.observe(nodes: nodes, tasks: tasks, graceForTasksOver: clock.now - start > taskGrace)
      // The last nodes are reported with the final read of the logs below: one read instead of two.
      if watch.isFinished {
        pending = done
      } else if !done.isEmpty {
        let logs = await readLogs(serviceID)
        for node in done { await onNodeDone(node, watch.outcomes[node] ?? .nodeDown, logs) }
      }
    }
    let logs = await readLogs(serviceID)
    for node in pending { await onNodeDone(node, watch.outcomes[node] ?? .nodeDown, logs) }
    return Result(
      name: name, outcomes: expected.map { NodeOutcome(node: $0, outcome: watch.outcomes[$0] ?? .nodeDown) }, logs: logs
    )
  }

  /// The service's logs so far; bounded in time, since a manager may wait on a node that is gone.
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

  /// Removes the job's service; a failure is only logged, with the command to do it by hand.
  func remove(_ id: String) async {
    do {
      try await manager.removeService(id)
    } catch {
      logger.warning("could not remove the job service \(id): \(error); remove it with `docker service rm \(id)`")
    }
  }
}

/// A job that could not run at all.
public struct JobError: Error, CustomStringConvertible, Sendable {
  public var description: String
  /// Creates an error with a message for people.
  public init(_ description: String) { self.description = description }
}
