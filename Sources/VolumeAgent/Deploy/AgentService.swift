import DockerEngine
import Foundation
import Logging

/// What `AgentService.deploy` did.
public enum AgentDeployAction: String, Sendable, Codable {
  case created, updated, unchanged
}

/// A failure deploying the agent, with the user's sentence.
public struct AgentServiceError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// One node of the swarm as the deployment sees it: its name and its own engine.
public struct AgentNode: Sendable {
  public var name: String
  public var engine: DockerClient
  public init(name: String, engine: DockerClient) {
    self.name = name
    self.engine = engine
  }
}

/// Deploys `skep-agent` through a manager and makes sure every node's dockerd has activated the driver: a legacy
/// plugin is discovered lazily, and until a node has used it once the swarm refuses to place tasks that need it
/// there ("missing plugin on N nodes").
public struct AgentService: Sendable {
  public var manager: DockerClient
  public var logger: Logger
  public var timeout: Duration

  public init(manager: DockerClient, logger: Logger, timeout: Duration = .seconds(180)) {
    self.manager = manager
    self.logger = logger
    self.timeout = timeout
  }

  /// The label that records the settings, so a rerun with the same ones changes nothing.
  static let settingsLabel = "skep.agent.settings"

  /// Prepares each node's folders, creates or updates the service, waits for a running task on every node, then
  /// activates the driver on each node. Returns what happened to the service.
  public func deploy(_ wanted: AgentDeployment, secretID: String, nodes: [AgentNode]) async throws
    -> AgentDeployAction
  {
    try await withThrowingTaskGroup { group in
      for node in nodes {
        group.addTask { try await prepare(node, image: wanted.image, directories: wanted.hostDirectories) }
      }
      try await group.waitForAll()
    }
    var spec = wanted.serviceSpec(secretID: secretID)
    let settings = Self.settings(of: spec)
    spec.labels?[Self.settingsLabel] = settings
    let action: AgentDeployAction
    let existing = try await manager.services(filters: ["name": [AgentDeployment.serviceName]])
      .first { $0.spec.name == AgentDeployment.serviceName }
    if let existing {
      if existing.spec.labels?[Self.settingsLabel] == settings {
        action = .unchanged
      } else {
        try await manager.updateService(existing.id, version: existing.version.index, spec: spec)
        action = .updated
      }
    } else {
      _ = try await manager.createService(spec)
      action = .created
    }
    try await waitForTasks(on: nodes.map(\.name), settings: action == .unchanged ? nil : settings)
    try await withThrowingTaskGroup { group in
      for node in nodes { group.addTask { try await activate(node) } }
      try await group.waitForAll()
    }
    return action
  }

  /// A deterministic summary of the settings (image, command, mounts).
  static func settings(of spec: ServiceSpec) -> String {
    let container = spec.taskTemplate.containerSpec
    let mounts = (container.mounts ?? []).map { "\($0.type):\($0.source ?? ""):\($0.target)" }
    return ([container.image] + (container.command ?? []) + mounts).joined(separator: " ")
  }

  /// Creates the host folders the service binds (swarm refuses a missing bind source; a container's legacy `Binds`
  /// create theirs), with a short-lived container of the skep image on that node's engine.
  func prepare(_ node: AgentNode, image: String, directories: [String]) async throws {
    let (repository, tag) = Self.split(image)
    do {
      for try await _ in node.engine.pullImage(repository, tag: tag) {}
    } catch {
      if (try? await node.engine.inspectImage(image)) == nil {
        throw AgentServiceError("node \(node.name) cannot pull \(image): \(error)")
      }
    }
    let binds = directories.enumerated().map { "\($0.element):/skep-prepare/\($0.offset)" }
    let id = try await node.engine.createContainer(
      config: .init(
        image: image, cmd: ["--version"], labels: [AgentDeployment.label: "prepare"],
        hostConfig: .init(binds: binds)))
    do {
      try await node.engine.startContainer(id)
      _ = try await node.engine.waitContainer(id)
    } catch {
      try? await node.engine.removeContainer(id, force: true)
      throw AgentServiceError("node \(node.name): cannot create \(directories.joined(separator: ", ")): \(error)")
    }
    try? await node.engine.removeContainer(id, force: true)
    logger.debug("node \(node.name): \(directories.joined(separator: ", ")) ready")
  }

  /// Waits until each node runs an agent task (of the new settings, when given).
  func waitForTasks(on nodes: [String], settings: String?) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var missing = Set(nodes)
    while clock.now < deadline {
      let swarmNodes = try await manager.nodes()
      let names = Dictionary(uniqueKeysWithValues: swarmNodes.map { ($0.id, $0.description?.hostname ?? $0.id) })
      let tasks = try await manager.tasks(
        filters: ["service": [AgentDeployment.serviceName], "desired-state": ["running"]])
      let running = tasks.filter { $0.status.state == "running" }
      missing = Set(nodes).subtracting(running.compactMap { $0.nodeID.flatMap { names[$0] } })
      if missing.isEmpty { return }
      try await Task.sleep(for: .milliseconds(500))
    }
    throw AgentServiceError(
      "the agent is not running on \(missing.sorted().joined(separator: ", ")) after \(timeout); see "
        + "`docker service ps \(AgentDeployment.serviceName)`")
  }

  /// Makes the node's dockerd use the driver once (``DriverActivation``), retrying while the agent's socket is not
  /// there yet.
  func activate(_ node: AgentNode) async throws {
    if let lastError = await DriverActivation.activate(node: node.name, engine: node.engine, logger: logger) {
      throw AgentServiceError("node \(node.name) did not activate the skep volume driver: \(lastError)")
    }
  }

  /// `REGISTRY/NAME:TAG` → (`REGISTRY/NAME`, `TAG`); no tag → `latest`.
  static func split(_ image: String) -> (String, String) {
    let lastSlash = image.lastIndex(of: "/")
    if let colon = image.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
      return (String(image[..<colon]), String(image[image.index(after: colon)...]))
    }
    return (image, "latest")
  }
}
