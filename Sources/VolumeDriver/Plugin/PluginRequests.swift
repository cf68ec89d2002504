import Foundation

/// The body of `/VolumeDriver.Create`: `{"Name": "db", "Opts": {"size": "1G"}}`.
///
/// Docker sends `"Opts": null` when the user gave no `--opt`, so ``options`` is optional.
public struct VolumeCreateRequest: Sendable, Hashable, Codable {
  /// The volume's name.
  public var name: String
  /// The driver options (`docker volume create --opt k=v`), if any.
  public var options: [String: String]?

  /// Creates a request.
  public init(name: String, options: [String: String]? = nil) {
    self.name = name
    self.options = options
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case options = "Opts"
  }
}

/// The body of `/VolumeDriver.Remove`, `/VolumeDriver.Path` and `/VolumeDriver.Get`: `{"Name": "db"}`.
public struct VolumeNameRequest: Sendable, Hashable, Codable {
  /// The volume's name.
  public var name: String

  /// Creates a request.
  public init(name: String) { self.name = name }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
  }
}

/// The body of `/VolumeDriver.Mount` and `/VolumeDriver.Unmount`: `{"Name": "db", "ID": "<mount id>"}`.
///
/// Docker sends one Mount and one Unmount per container using the volume, each with that container's own ``id``.
public struct VolumeMountRequest: Sendable, Hashable, Codable {
  /// The volume's name.
  public var name: String
  /// The caller's unique mount ID (one per container).
  public var id: String

  /// Creates a request.
  public init(name: String, id: String) {
    self.name = name
    self.id = id
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case id = "ID"
  }
}
