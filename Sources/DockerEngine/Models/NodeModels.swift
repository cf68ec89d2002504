/// `GET /nodes/{id}`: one swarm member.
public struct SwarmNode: Codable, Sendable, Hashable {
  /// Reported facts about the node's engine.
  public struct Description: Codable, Sendable, Hashable {
    public struct Engine: Codable, Sendable, Hashable {
      public var engineVersion: String?
      public var labels: [String: String]?
      enum CodingKeys: String, CodingKey {
        case engineVersion = "EngineVersion"
        case labels = "Labels"
      }
    }
    public struct Platform: Codable, Sendable, Hashable {
      public var architecture: String?
      public var os: String?
      enum CodingKeys: String, CodingKey {
        case architecture = "Architecture"
        case os = "OS"
      }
    }
    public var hostname: String?
    public var platform: Platform?
    public var engine: Engine?
    enum CodingKeys: String, CodingKey {
      case hostname = "Hostname"
      case platform = "Platform"
      case engine = "Engine"
    }
  }

  /// The node's health as seen by the managers.
  public struct Status: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
      case unknown, down, ready, disconnected
    }
    public var state: State
    public var message: String?
    public var addr: String?
    enum CodingKeys: String, CodingKey {
      case state = "State"
      case message = "Message"
      case addr = "Addr"
    }
  }

  /// Present on managers only.
  public struct ManagerStatus: Codable, Sendable, Hashable {
    public enum Reachability: String, Codable, Sendable, Hashable {
      case unknown, unreachable, reachable
    }
    public var leader: Bool?
    public var reachability: Reachability
    public var addr: String?
    enum CodingKeys: String, CodingKey {
      case leader = "Leader"
      case reachability = "Reachability"
      case addr = "Addr"
    }
  }

  public var id: String
  public var version: ObjectVersion
  public var spec: NodeSpec
  public var description: Description?
  public var status: Status
  public var managerStatus: ManagerStatus?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case version = "Version"
    case spec = "Spec"
    case description = "Description"
    case status = "Status"
    case managerStatus = "ManagerStatus"
  }
}

/// What an operator can change about a node (`POST /nodes/{id}/update`).
public struct NodeSpec: Codable, Sendable, Hashable {
  public enum Role: String, Codable, Sendable, Hashable {
    case worker, manager
  }
  public enum Availability: String, Codable, Sendable, Hashable {
    case active, pause, drain
  }

  public var name: String?
  public var labels: [String: String]?
  public var role: Role
  public var availability: Availability

  public init(name: String? = nil, labels: [String: String]? = nil, role: Role, availability: Availability) {
    self.name = name
    self.labels = labels
    self.role = role
    self.availability = availability
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case labels = "Labels"
    case role = "Role"
    case availability = "Availability"
  }
}
