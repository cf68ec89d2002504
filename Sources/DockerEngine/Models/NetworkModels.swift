/// A network (`GET /networks`).
public struct Network: Decodable, Sendable, Hashable {
  public var id: String
  public var name: String
  /// `bridge`, `overlay`, `host`, `null`, …
  public var driver: String?
  /// `local` or `swarm`.
  public var scope: String?
  public var attachable: Bool?
  public var labels: [String: String]?
  public var created: String?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case name = "Name"
    case driver = "Driver"
    case scope = "Scope"
    case attachable = "Attachable"
    case labels = "Labels"
    case created = "Created"
  }
}

/// `POST /networks/create` body.
struct NetworkCreateRequest: Encodable {
  var name: String
  var driver: String
  var attachable: Bool
  var labels: [String: String]?

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case driver = "Driver"
    case attachable = "Attachable"
    case labels = "Labels"
  }
}
