/// One line of `GET /events`.
public struct DockerEvent: Codable, Sendable, Hashable {
  /// The object the event is about.
  public struct Actor: Codable, Sendable, Hashable {
    public var id: String?
    public var attributes: [String: String]?
    enum CodingKeys: String, CodingKey {
      case id = "ID"
      case attributes = "Attributes"
    }
  }

  /// `container`, `image`, `volume`, `network`, `service`, `node`…
  public var type: String?
  /// `create`, `start`, `die`, `mount`, `update`…
  public var action: String?
  public var actor: Actor?
  /// `local` or `swarm`.
  public var scope: String?
  /// Unix seconds.
  public var time: Int64?
  /// Unix nanoseconds.
  public var timeNano: Int64?

  enum CodingKeys: String, CodingKey {
    case type = "Type"
    case action = "Action"
    case actor = "Actor"
    case scope = "scope"
    case time = "time"
    case timeNano = "timeNano"
  }
}
