import DockerEngine

/// How one node's task of a job ended, as seen from the managers.
public enum JobTaskOutcome: Sendable, Hashable, CustomStringConvertible {
  /// The task completed (exit 0).
  case complete
  /// The task ended badly: `failed`, `rejected`, `shutdown`… with the daemon's reason and the exit code if any.
  case failed(state: String, reason: String, exitCode: Int?)
  /// The node is down: its task can never report (a dead node leaves it non-terminal).
  case nodeDown
  /// The node exists but no task runs there (drained or paused, or left out by the scheduler).
  case noTask(String)
  /// Still not terminal when the job's time was up.
  case timedOut(state: String)

  /// True only for ``complete``.
  public var succeeded: Bool { self == .complete }

  /// One line for people.
  public var description: String {
    switch self {
    case .complete: return "complete"
    case .failed(let state, let reason, let exitCode):
      let code = exitCode.map { " (exit \($0))" } ?? ""
      return reason.isEmpty ? "\(state)\(code)" : "\(state)\(code): \(reason)"
    case .nodeDown: return "node down: its task cannot finish"
    case .noTask(let why): return "no task: \(why)"
    case .timedOut(let state): return "timed out (task \(state))"
    }
  }

  /// Task states after which a job task never changes again.
  public static let terminalStates: Set<String> = ["complete", "failed", "rejected", "shutdown", "orphaned", "remove"]
}

/// Decides, from what the managers report, which nodes of a job are done and how: a pure value, polled by
/// ``SwarmJob`` until ``isFinished``.
public struct JobWatch: Sendable, Hashable {
  /// The nodes (hostnames) the job must cover.
  public var expected: [String]
  /// Outcomes found so far, by node.
  public private(set) var outcomes: [String: JobTaskOutcome] = [:]

  /// Watches a job over `expected` nodes.
  public init(expected: [String]) {
    self.expected = expected
  }

  /// True when every expected node has an outcome.
  public var isFinished: Bool { expected.allSatisfy { outcomes[$0] != nil } }

  /// Reads one observation; returns the nodes that got their outcome now, in `expected` order.
  /// - Parameter graceForTasks: whether a node without any task should be given up on (the scheduler had time).
  @discardableResult
  public mutating func observe(nodes: [SwarmNode], tasks: [SwarmTask], graceForTasksOver: Bool) -> [String] {
    let hostnames = Dictionary(nodes.map { ($0.id, $0.description?.hostname ?? $0.id) }) { first, _ in first }
    var newlyDone: [String] = []
    for name in expected where outcomes[name] == nil {
      let node = nodes.first { ($0.description?.hostname ?? $0.id) == name }
      let mine = tasks.filter { task in task.nodeID.flatMap { hostnames[$0] } == name }
      let latest = mine.max { ($0.version?.index ?? 0) < ($1.version?.index ?? 0) }
      if let latest, Self.isTerminal(latest.status.state) {
        outcomes[name] = Self.outcome(of: latest)
      } else if node == nil {
        outcomes[name] = .noTask("not a member of the swarm")
      } else if node?.status.state == .down || node?.status.state == .disconnected {
        outcomes[name] = .nodeDown
      } else if latest == nil, graceForTasksOver {
        let availability = node?.spec.availability.rawValue ?? "unknown"
        outcomes[name] = .noTask(
          availability == "active" ? "the scheduler placed none" : "the node's availability is \(availability)")
      } else {
        continue
      }
      newlyDone.append(name)
    }
    return newlyDone
  }

  /// Gives every node still without an outcome ``JobTaskOutcome/timedOut(state:)``.
  public mutating func timeOut(tasks: [SwarmTask], nodes: [SwarmNode]) {
    let hostnames = Dictionary(nodes.map { ($0.id, $0.description?.hostname ?? $0.id) }) { first, _ in first }
    for name in expected where outcomes[name] == nil {
      let state = tasks.first { $0.nodeID.flatMap { hostnames[$0] } == name }?.status.state ?? "none"
      outcomes[name] = .timedOut(state: state)
    }
  }

  static func isTerminal(_ state: String) -> Bool { JobTaskOutcome.terminalStates.contains(state) }

  static func outcome(of task: SwarmTask) -> JobTaskOutcome {
    let exitCode = task.status.containerStatus?.exitCode
    if task.status.state == "complete", exitCode ?? 0 == 0 { return .complete }
    let reason = task.status.err ?? task.status.message ?? ""
    return .failed(state: task.status.state, reason: reason, exitCode: exitCode)
  }
}
