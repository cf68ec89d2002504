/// One task of a service (`GET /tasks`).
public struct SwarmTask: Codable, Sendable, Hashable {
  /// What happened to the task.
  public struct Status: Codable, Sendable, Hashable {
    /// The container the task ran, once it has one.
    public struct ContainerStatus: Codable, Sendable, Hashable {
      public var containerID: String?
      public var exitCode: Int?
      enum CodingKeys: String, CodingKey {
        case containerID = "ContainerID"
        case exitCode = "ExitCode"
      }
    }
    /// `new`, `pending`, `assigned`, `preparing`, `starting`, `running`, `complete`, `failed`, `shutdown`,
    /// `rejected`, `orphaned`, `remove`…
    public var state: String
    public var message: String?
    public var err: String?
    public var timestamp: String?
    public var containerStatus: ContainerStatus?
    enum CodingKeys: String, CodingKey {
      case state = "State"
      case message = "Message"
      case err = "Err"
      case timestamp = "Timestamp"
      case containerStatus = "ContainerStatus"
    }
  }

  public var id: String
  public var serviceID: String?
  public var nodeID: String?
  public var slot: Int?
  public var desiredState: String?
  public var status: Status
  public var version: ObjectVersion?
  public var createdAt: String?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case serviceID = "ServiceID"
    case nodeID = "NodeID"
    case slot = "Slot"
    case desiredState = "DesiredState"
    case status = "Status"
    case version = "Version"
    case createdAt = "CreatedAt"
  }
}
