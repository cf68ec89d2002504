/// A volume (`GET /volumes/{name}`).
public struct Volume: Codable, Sendable, Hashable {
  public var name: String
  public var driver: String?
  public var mountpoint: String?
  public var labels: [String: String]?
  /// `local` or `global`.
  public var scope: String?
  public var options: [String: String]?
  public var createdAt: String?
  /// What the volume's driver reports about it (inspect only); only string values are kept.
  public var status: [String: String]?

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case driver = "Driver"
    case mountpoint = "Mountpoint"
    case labels = "Labels"
    case scope = "Scope"
    case options = "Options"
    case createdAt = "CreatedAt"
    case status = "Status"
  }
}

extension Volume {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    driver = try container.decodeIfPresent(String.self, forKey: .driver)
    mountpoint = try container.decodeIfPresent(String.self, forKey: .mountpoint)
    labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
    scope = try container.decodeIfPresent(String.self, forKey: .scope)
    options = try container.decodeIfPresent([String: String].self, forKey: .options)
    createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
    status = try? container.decodeIfPresent([String: String].self, forKey: .status)
  }
}

/// `POST /volumes/create` body.
public struct VolumeCreateRequest: Codable, Sendable, Hashable {
  public var name: String
  public var driver: String?
  public var driverOpts: [String: String]?
  public var labels: [String: String]?

  public init(
    name: String, driver: String? = nil, driverOpts: [String: String]? = nil, labels: [String: String]? = nil
  ) {
    self.name = name
    self.driver = driver
    self.driverOpts = driverOpts
    self.labels = labels
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case driver = "Driver"
    case driverOpts = "DriverOpts"
    case labels = "Labels"
  }
}
