import DockerEngine

/// What happened to one ``CleanAction``.
public struct CleanOutcome: Sendable, Hashable, Codable {
  /// The action column for people and scripts.
  public enum Status: String, Sendable, Hashable, Codable {
    case removed, kept, failed
    case wouldRemove = "would remove"
  }

  public var node: String
  public var kind: CleanAction.Kind
  public var name: String
  public var status: Status
  public var reason: String

  /// Creates an outcome.
  public init(node: String, kind: CleanAction.Kind, name: String, status: Status, reason: String) {
    self.node = node
    self.kind = kind
    self.name = name
    self.status = status
    self.reason = reason
  }
}

/// Performs a plan's removals through each node's engine: containers first (never their volumes), then images,
/// volumes (Docker itself refuses a volume in use) and job services. Thin: every decision is in ``CleanPlan``.
public struct CleanExecutor: Sendable {
  /// Engines by node name; `CleanPlan.swarmNode` is the manager.
  public var clients: [String: DockerClient]

  /// Creates an executor.
  public init(clients: [String: DockerClient]) {
    self.clients = clients
  }

  /// Runs the removals (none when `dryRun`) and reports every action, kept ones included.
  public func run(_ actions: [CleanAction], dryRun: Bool) async -> [CleanOutcome] {
    var outcomes: [CleanOutcome] = []
    for kind in CleanAction.Kind.allCases {
      for action in actions where action.kind == kind {
        outcomes.append(await perform(action, dryRun: dryRun))
      }
    }
    return outcomes
  }

  func perform(_ action: CleanAction, dryRun: Bool) async -> CleanOutcome {
    var outcome = CleanOutcome(
      node: action.node, kind: action.kind, name: action.name, status: .kept, reason: action.reason)
    guard action.decision == .remove else { return outcome }
    guard !dryRun else {
      outcome.status = .wouldRemove
      return outcome
    }
    do {
      guard let client = clients[action.node] else { throw CleanError("no engine for node \(action.node)") }
      switch action.kind {
      case .container: try await client.removeContainer(action.id, force: false, volumes: false)
      case .image: try await client.removeImage(action.id, force: false)
      case .volume: try await client.removeVolume(action.id, force: false)
      case .job: try await client.removeService(action.id)
      }
      outcome.status = .removed
    } catch DockerEngineError.http(status: 409, let message, _, _) where action.kind != .job {
      // In use since it was observed (a container started, an image got a user): keep it.
      outcome.status = .kept
      outcome.reason = "in use now: \(message)"
    } catch {
      outcome.status = .failed
      outcome.reason = "\(action.reason); removal failed: \(error)"
    }
    return outcome
  }
}

/// A clean-up step that could not run.
public struct CleanError: Error, CustomStringConvertible, Sendable {
  public var description: String
  /// Creates an error with a message for people.
  public init(_ description: String) { self.description = description }
}
