/// `GET /version`.
public struct SystemVersion: Codable, Sendable, Hashable {
  /// Product version, e.g. `20.10.24+dfsg1`.
  public var version: String?
  /// The newest API the daemon speaks, e.g. `1.41`.
  public var apiVersion: String
  /// The oldest API the daemon accepts.
  public var minAPIVersion: String?
  public var os: String?
  public var arch: String?
  public var kernelVersion: String?

  public init(
    version: String? = nil, apiVersion: String, minAPIVersion: String? = nil, os: String? = nil,
    arch: String? = nil, kernelVersion: String? = nil
  ) {
    self.version = version
    self.apiVersion = apiVersion
    self.minAPIVersion = minAPIVersion
    self.os = os
    self.arch = arch
    self.kernelVersion = kernelVersion
  }

  enum CodingKeys: String, CodingKey {
    case version = "Version"
    case apiVersion = "ApiVersion"
    case minAPIVersion = "MinAPIVersion"
    case os = "Os"
    case arch = "Arch"
    case kernelVersion = "KernelVersion"
  }
}

/// `GET /info` (the fields skep uses).
public struct SystemInfo: Codable, Sendable, Hashable {
  public var id: String?
  /// The daemon host's name.
  public var name: String?
  public var serverVersion: String?
  public var operatingSystem: String?
  public var architecture: String?
  public var ncpu: Int?
  public var memTotal: Int64?
  public var dockerRootDir: String?
  public var labels: [String]?
  /// Swarm membership of this daemon.
  public var swarm: SwarmInfo?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case name = "Name"
    case serverVersion = "ServerVersion"
    case operatingSystem = "OperatingSystem"
    case architecture = "Architecture"
    case ncpu = "NCPU"
    case memTotal = "MemTotal"
    case dockerRootDir = "DockerRootDir"
    case labels = "Labels"
    case swarm = "Swarm"
  }
}

/// `Info.Swarm`: this daemon's view of its swarm membership.
public struct SwarmInfo: Codable, Sendable, Hashable {
  /// `inactive`, `pending`, `active`, `error` or `locked`.
  public enum LocalNodeState: String, Codable, Sendable, Hashable {
    case inactive, pending, active, error, locked
  }

  /// A manager this node knows about.
  public struct Peer: Codable, Sendable, Hashable {
    public var nodeID: String?
    public var addr: String?
    enum CodingKeys: String, CodingKey {
      case nodeID = "NodeID"
      case addr = "Addr"
    }
  }

  /// The swarm's identity, present on managers.
  public struct ClusterInfo: Codable, Sendable, Hashable {
    public var id: String?
    enum CodingKeys: String, CodingKey { case id = "ID" }
  }

  public var nodeID: String?
  public var nodeAddr: String?
  public var localNodeState: LocalNodeState?
  /// True on managers.
  public var controlAvailable: Bool?
  public var error: String?
  public var remoteManagers: [Peer]?
  public var nodes: Int?
  public var managers: Int?
  public var cluster: ClusterInfo?

  enum CodingKeys: String, CodingKey {
    case nodeID = "NodeID"
    case nodeAddr = "NodeAddr"
    case localNodeState = "LocalNodeState"
    case controlAvailable = "ControlAvailable"
    case error = "Error"
    case remoteManagers = "RemoteManagers"
    case nodes = "Nodes"
    case managers = "Managers"
    case cluster = "Cluster"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    nodeID = try c.decodeIfPresent(String.self, forKey: .nodeID)
    nodeAddr = try c.decodeIfPresent(String.self, forKey: .nodeAddr)
    // An unknown future state must not break `info()`: treat it as absent.
    localNodeState = (try? c.decodeIfPresent(String.self, forKey: .localNodeState)).flatMap {
      LocalNodeState(rawValue: $0)
    }
    controlAvailable = try c.decodeIfPresent(Bool.self, forKey: .controlAvailable)
    error = try c.decodeIfPresent(String.self, forKey: .error)
    remoteManagers = try c.decodeIfPresent([Peer].self, forKey: .remoteManagers)
    nodes = try c.decodeIfPresent(Int.self, forKey: .nodes)
    managers = try c.decodeIfPresent(Int.self, forKey: .managers)
    cluster = try c.decodeIfPresent(ClusterInfo.self, forKey: .cluster)
  }
}
