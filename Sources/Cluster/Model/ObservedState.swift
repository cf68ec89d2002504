/// What skep saw on one inventory node's own engine.
public struct ObservedEngine: Sendable, Hashable {
  /// Inventory name of the node.
  public var name: String
  /// Whether the engine answered at all.
  public var reachable: Bool
  /// Why it did not answer, when it did not.
  public var error: String?
  public var engineVersion: String?
  public var localState: LocalSwarmState
  /// The swarm node ID this engine has, when it is in a swarm.
  public var nodeID: String?
  /// The swarm cluster ID, when this engine is a manager (workers do not see it).
  public var clusterID: String?
  /// Whether this engine is a manager that can answer swarm queries.
  public var controlAvailable: Bool
  /// Addresses of the managers this engine knows about (from `Swarm.RemoteManagers`).
  public var remoteManagers: [String]

  public init(
    name: String, reachable: Bool, error: String? = nil, engineVersion: String? = nil,
    localState: LocalSwarmState = .inactive, nodeID: String? = nil, clusterID: String? = nil,
    controlAvailable: Bool = false, remoteManagers: [String] = []
  ) {
    self.name = name
    self.reachable = reachable
    self.error = error
    self.engineVersion = engineVersion
    self.localState = localState
    self.nodeID = nodeID
    self.clusterID = clusterID
    self.controlAvailable = controlAvailable
    self.remoteManagers = remoteManagers
  }

  /// An engine that could not be reached.
  public static func unreachable(_ name: String, error: String) -> ObservedEngine {
    ObservedEngine(name: name, reachable: false, error: error, localState: .unknown)
  }
}

/// `Swarm.LocalNodeState` as the engine reports it.
public enum LocalSwarmState: String, Sendable, Hashable, Codable {
  case inactive, pending, active, error, locked, unknown
}

/// The role a swarm node has.
public enum SwarmRole: String, Sendable, Hashable, Codable {
  case manager, worker
}

/// One node as a manager of the swarm lists it.
public struct SwarmMember: Sendable, Hashable {
  public var id: String
  public var hostname: String
  public var role: SwarmRole
  public var availability: String
  /// `Status.State`: ready, down, unknown, disconnected.
  public var state: String
  public var address: String?
  public var leader: Bool
  /// `ManagerStatus.Reachability` for managers: reachable, unreachable, unknown.
  public var reachability: String?
  public var labels: [String: String]
  public var engineVersion: String?
  public var versionIndex: UInt64

  public init(
    id: String, hostname: String, role: SwarmRole, availability: String = "active", state: String = "ready",
    address: String? = nil, leader: Bool = false, reachability: String? = nil, labels: [String: String] = [:],
    engineVersion: String? = nil, versionIndex: UInt64 = 1
  ) {
    self.id = id
    self.hostname = hostname
    self.role = role
    self.availability = availability
    self.state = state
    self.address = address
    self.leader = leader
    self.reachability = reachability
    self.labels = labels
    self.engineVersion = engineVersion
    self.versionIndex = versionIndex
  }
}

/// Everything `cluster up` and `cluster status` decide from: each inventory node's engine, and the member list of
/// the swarm as one manager sees it.
public struct ObservedCluster: Sendable, Hashable {
  /// Per inventory node, in inventory order.
  public var engines: [ObservedEngine]
  /// The swarm's members as seen by `managerName`; empty when no manager answered.
  public var members: [SwarmMember]
  /// The cluster ID of the swarm the inventory's managers belong to.
  public var clusterID: String?
  /// The inventory node whose engine answered the member list.
  public var managerName: String?

  public init(
    engines: [ObservedEngine], members: [SwarmMember] = [], clusterID: String? = nil, managerName: String? = nil
  ) {
    self.engines = engines
    self.members = members
    self.clusterID = clusterID
    self.managerName = managerName
  }

  public func engine(named name: String) -> ObservedEngine? {
    engines.first { $0.name == name }
  }
}
