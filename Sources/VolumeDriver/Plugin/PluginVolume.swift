import Foundation

/// One volume as `Get` and `List` describe it: `{"Name": "db", "Mountpoint": "/…", "Status": {…}}`.
public struct PluginVolume: Sendable, Hashable, Codable {
  /// The volume's name.
  public var name: String
  /// The host path, when the volume is mounted on this node (omitted otherwise).
  public var mountpoint: String?
  /// The creation time in RFC 3339, if known (omitted otherwise).
  public var createdAt: String?
  /// Free-form status shown by `docker volume inspect` (for example the lease holder or a restore's progress).
  public var status: [String: String]?

  /// Creates a volume description.
  public init(name: String, mountpoint: String? = nil, createdAt: String? = nil, status: [String: String]? = nil) {
    self.name = name
    self.mountpoint = mountpoint
    self.createdAt = createdAt
    self.status = status
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case mountpoint = "Mountpoint"
    case createdAt = "CreatedAt"
    case status = "Status"
  }
}

/// The driver's capabilities: only the scope.
public struct PluginCapabilities: Sendable, Hashable, Codable {
  /// `local`: Docker asks each node's driver about that node's volumes; skep moves the data itself.
  public var scope: String

  /// Creates capabilities; skep's scope is `local`.
  public init(scope: String = "local") { self.scope = scope }

  enum CodingKeys: String, CodingKey {
    case scope = "Scope"
  }
}
