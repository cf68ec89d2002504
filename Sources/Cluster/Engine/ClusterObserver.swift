import DockerEngine
import Logging
import SkepConfig

/// Reads the state `cluster up` and `cluster status` decide from. Only reads: never writes to an engine.
public struct ClusterObserver: Sendable {
  public let engines: NodeEngines
  let logger: Logger

  public init(engines: NodeEngines, logger: Logger = Logger(label: "skep.cluster")) {
    self.engines = engines
    self.logger = logger
  }

  /// Asks every node's engine about itself (in parallel), then one manager for the member list.
  public func observe() async -> ObservedCluster {
    let nodes = engines.inventory.nodes
    let observed = await withTaskGroup(of: (Int, ObservedEngine).self) { group in
      for (index, node) in nodes.enumerated() {
        group.addTask { (index, await observeEngine(node)) }
      }
      var results = [ObservedEngine?](repeating: nil, count: nodes.count)
      for await (index, engine) in group { results[index] = engine }
      return results.compactMap { $0 }
    }
    var cluster = ObservedCluster(engines: observed)
    for engine in observed where engine.controlAvailable {
      guard let client = try? engines.client(engine.name) else { continue }
      do {
        let nodes = try await client.nodes()
        cluster.members = nodes.map(Self.member)
        cluster.clusterID = engine.clusterID
        cluster.managerName = engine.name
        break
      } catch {
        logger.debug("manager \(engine.name) did not list nodes: \(error)")
      }
    }
    return cluster
  }

  /// Only the member list, from the first manager that answers: what `cluster status` needs, one request.
  public func observeMembers() async -> ObservedCluster {
    var errors: [ObservedEngine] = []
    for node in ManagerCandidates.order(engines.inventory) {
      guard let client = try? engines.client(node.name) else { continue }
      do {
        let members = try await client.nodes().map(Self.member)
        return ObservedCluster(engines: errors, members: members, managerName: node.name)
      } catch {
        logger.debug("\(node.name) did not list nodes: \(error)")
        errors.append(.unreachable(node.name, error: "\(error)"))
      }
    }
    return ObservedCluster(engines: errors)
  }

  func observeEngine(_ node: InventoryNode) async -> ObservedEngine {
    do {
      let client = try engines.client(node.name)
      let info = try await client.info()
      let swarm = info.swarm
      return ObservedEngine(
        name: node.name, reachable: true, engineVersion: info.serverVersion,
        localState: LocalSwarmState(rawValue: swarm?.localNodeState?.rawValue ?? "inactive") ?? .unknown,
        nodeID: swarm?.nodeID.flatMap { $0.isEmpty ? nil : $0 },
        clusterID: swarm?.cluster?.id,
        controlAvailable: swarm?.controlAvailable ?? false,
        remoteManagers: swarm?.remoteManagers?.compactMap(\.addr) ?? [])
    } catch {
      return .unreachable(node.name, error: "\(error)")
    }
  }

  static func member(_ node: SwarmNode) -> SwarmMember {
    SwarmMember(
      id: node.id, hostname: node.description?.hostname ?? node.spec.name ?? node.id,
      role: node.spec.role == .manager ? .manager : .worker,
      availability: node.spec.availability.rawValue,
      state: node.status.state.rawValue,
      address: node.status.addr,
      leader: node.managerStatus?.leader ?? false,
      reachability: node.managerStatus?.reachability.rawValue,
      labels: node.spec.labels ?? [:],
      engineVersion: node.description?.engine?.engineVersion,
      versionIndex: node.version.index)
  }
}

/// The order in which nodes are asked for the member list: pinned managers, then the rest in inventory order
/// (the first nodes of an inventory are usually its managers).
enum ManagerCandidates {
  static func order(_ inventory: Inventory) -> [InventoryNode] {
    inventory.nodes.filter { $0.role == .manager } + inventory.nodes.filter { $0.role == .auto }
      + inventory.nodes.filter { $0.role == .worker }
  }
}
