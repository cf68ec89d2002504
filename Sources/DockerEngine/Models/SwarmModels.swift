/// A swarm object's version, passed back on update (optimistic concurrency).
public struct ObjectVersion: Codable, Sendable, Hashable {
  public var index: UInt64
  public init(index: UInt64) { self.index = index }
  enum CodingKeys: String, CodingKey { case index = "Index" }
}

/// `GET /swarm`.
public struct Swarm: Codable, Sendable, Hashable {
  /// Tokens to join as a worker or a manager. Secrets: never log them.
  public struct JoinTokens: Codable, Sendable, Hashable {
    public var worker: String
    public var manager: String
    enum CodingKeys: String, CodingKey {
      case worker = "Worker"
      case manager = "Manager"
    }
  }

  public var id: String
  public var version: ObjectVersion
  public var joinTokens: JoinTokens
  public var spec: SwarmSpec?
  public var createdAt: String?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case version = "Version"
    case joinTokens = "JoinTokens"
    case spec = "Spec"
    case createdAt = "CreatedAt"
  }
}

/// The swarm's settings (only the name and labels are modelled; everything else keeps its daemon default).
public struct SwarmSpec: Codable, Sendable, Hashable {
  public var name: String?
  public var labels: [String: String]?
  public init(name: String? = nil, labels: [String: String]? = nil) {
    self.name = name
    self.labels = labels
  }
  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case labels = "Labels"
  }
}

/// `POST /swarm/init` body.
public struct SwarmInitRequest: Codable, Sendable, Hashable {
  /// Where to listen for swarm traffic, e.g. `0.0.0.0:2377`.
  public var listenAddr: String
  /// The address other nodes use to reach this one, e.g. `192.168.1.10:2377` or an interface name.
  public var advertiseAddr: String?
  public var forceNewCluster: Bool?
  public var spec: SwarmSpec?

  public init(
    listenAddr: String = "0.0.0.0:2377", advertiseAddr: String? = nil, forceNewCluster: Bool? = nil,
    spec: SwarmSpec? = nil
  ) {
    self.listenAddr = listenAddr
    self.advertiseAddr = advertiseAddr
    self.forceNewCluster = forceNewCluster
    self.spec = spec
  }

  enum CodingKeys: String, CodingKey {
    case listenAddr = "ListenAddr"
    case advertiseAddr = "AdvertiseAddr"
    case forceNewCluster = "ForceNewCluster"
    case spec = "Spec"
  }
}

/// `POST /swarm/join` body. Contains a secret (the token): never logged.
public struct SwarmJoinRequest: Codable, Sendable, Hashable {
  public var listenAddr: String
  public var advertiseAddr: String?
  /// Managers already in the swarm, `host:2377`.
  public var remoteAddrs: [String]
  public var joinToken: String

  public init(
    listenAddr: String = "0.0.0.0:2377", advertiseAddr: String? = nil, remoteAddrs: [String], joinToken: String
  ) {
    self.listenAddr = listenAddr
    self.advertiseAddr = advertiseAddr
    self.remoteAddrs = remoteAddrs
    self.joinToken = joinToken
  }

  enum CodingKeys: String, CodingKey {
    case listenAddr = "ListenAddr"
    case advertiseAddr = "AdvertiseAddr"
    case remoteAddrs = "RemoteAddrs"
    case joinToken = "JoinToken"
  }
}
