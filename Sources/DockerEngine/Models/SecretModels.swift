/// A swarm secret as the daemon describes it (`GET /secrets/{id}`). Docker never returns a secret's data.
public struct Secret: Decodable, Sendable, Hashable {
  /// The secret's name and labels.
  public struct Spec: Decodable, Sendable, Hashable {
    public var name: String
    public var labels: [String: String]?
    /// Whether the daemon's answer carried a `Data` field at all. Docker omits it; the bytes are never kept here,
    /// so a caller (or a test) can check the omission without ever holding the secret.
    public var dataReturned: Bool

    enum CodingKeys: String, CodingKey {
      case name = "Name"
      case labels = "Labels"
      case data = "Data"
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      name = try container.decode(String.self, forKey: .name)
      labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
      dataReturned = container.contains(.data)
    }
  }

  public var id: String
  public var version: ObjectVersion
  public var spec: Spec
  public var createdAt: String?
  public var updatedAt: String?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case version = "Version"
    case spec = "Spec"
    case createdAt = "CreatedAt"
    case updatedAt = "UpdatedAt"
  }
}

/// `POST /secrets/create` body: the data travels base64-encoded, as the Engine API wants.
struct SecretCreateRequest: Encodable {
  var name: String
  var labels: [String: String]?
  var data: String

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case labels = "Labels"
    case data = "Data"
  }
}
