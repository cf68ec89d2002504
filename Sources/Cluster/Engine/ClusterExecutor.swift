import DockerEngine
import Logging
import SkepConfig

/// Performs a `ClusterPlan`'s steps, in order, against the nodes' engines. Thin on purpose: the decisions are in
/// the plan.
public struct ClusterExecutor: Sendable {
  public let engines: NodeEngines
  let logger: Logger

  /// The port swarm managers listen on for joins and Raft.
  public static let swarmPort = 2377

  public init(engines: NodeEngines, logger: Logger = Logger(label: "skep.cluster")) {
    self.engines = engines
    self.logger = logger
  }

  /// Runs every step; `progress` is called before each one. Stops at the first failure, naming the step.
  public func execute(
    _ plan: ClusterPlan, observed: ObservedCluster, progress: @Sendable (ClusterStep) -> Void = { _ in }
  ) async throws {
    var manager = observed.managerName
    for step in plan.steps {
      progress(step)
      do {
        try await perform(step, manager: &manager)
      } catch let error as ClusterPlanError {
        throw error
      } catch {
        throw ClusterPlanError("could not \(step): \(error)")
      }
    }
  }

  private func perform(_ step: ClusterStep, manager: inout String?) async throws {
    switch step {
    case .initSwarm(let name):
      let node = try inventoryNode(name)
      let request = SwarmInitRequest(
        listenAddr: "0.0.0.0:\(Self.swarmPort)", advertiseAddr: "\(node.address):\(Self.swarmPort)")
      _ = try await engines.client(name).swarmInit(request)
      manager = name
    case .join(let name, let role):
      let managerName = try requireManager(manager)
      let managerNode = try inventoryNode(managerName)
      let tokens = try await engines.client(managerName).swarmInspect().joinTokens
      let node = try inventoryNode(name)
      let request = SwarmJoinRequest(
        listenAddr: "0.0.0.0:\(Self.swarmPort)", advertiseAddr: "\(node.address):\(Self.swarmPort)",
        remoteAddrs: ["\(managerNode.address):\(Self.swarmPort)"],
        joinToken: role == .manager ? tokens.manager : tokens.worker)
      try await engines.client(name).swarmJoin(request)
    case .promote(let name):
      try await updateSpec(of: try await nodeID(name), through: try requireManager(manager)) { $0.role = .manager }
    case .demote(let name):
      try await updateSpec(of: try await nodeID(name), through: try requireManager(manager)) { $0.role = .worker }
    case .removeStale(let id, _, let wasManager):
      let managerName = try requireManager(manager)
      if wasManager {
        try await updateSpec(of: id, through: managerName) { $0.role = .worker }
      }
      try await engines.client(managerName).removeNode(id, force: true)
    case .setLabels(let name, let labels):
      try await updateSpec(of: try await nodeID(name), through: try requireManager(manager)) { spec in
        spec.labels = (spec.labels ?? [:]).merging(labels) { _, wanted in wanted }
      }
    }
  }

  private func updateSpec(of id: String, through managerName: String, _ change: (inout NodeSpec) -> Void)
    async throws
  {
    try await engines.client(managerName).changeNodeSpec(id, change)
  }

  /// The swarm node ID of an inventory node, from its own engine.
  private func nodeID(_ name: String) async throws -> String {
    let info = try await engines.client(name).info()
    guard let id = info.swarm?.nodeID, !id.isEmpty else {
      throw ClusterPlanError("\(name) has no swarm node ID: it is not in the swarm")
    }
    return id
  }

  private func requireManager(_ manager: String?) throws -> String {
    guard let manager else { throw ClusterPlanError("no manager of the swarm answers") }
    return manager
  }

  private func inventoryNode(_ name: String) throws -> InventoryNode {
    guard let node = engines.inventory.node(named: name) else {
      throw ClusterPlanError("no node named '\(name)' in \(engines.inventory.file)")
    }
    return node
  }
}
