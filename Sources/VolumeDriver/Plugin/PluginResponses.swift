import Foundation

/// The answer to `/Plugin.Activate`: `{"Implements": ["VolumeDriver"]}`.
public struct PluginActivateResponse: Sendable, Hashable, Codable {
  /// The plugin protocols this plugin serves.
  public var implements: [String]

  /// Creates the answer of a volume driver.
  public init(implements: [String] = ["VolumeDriver"]) { self.implements = implements }

  enum CodingKeys: String, CodingKey {
    case implements = "Implements"
  }
}

/// An answer that only carries `Err` (Create, Remove, Unmount, and every failure): `""` on success.
public struct VolumeErrorResponse: Sendable, Hashable, Codable {
  /// The error for the user, or `""` on success.
  public var err: String

  /// Creates an answer.
  public init(err: String = "") { self.err = err }

  enum CodingKeys: String, CodingKey {
    case err = "Err"
  }
}

/// The answer to `/VolumeDriver.Mount` and `/VolumeDriver.Path`: `{"Mountpoint": "/…", "Err": ""}`.
public struct VolumeMountResponse: Sendable, Hashable, Codable {
  /// The host path Docker bind-mounts into the container.
  public var mountpoint: String
  /// The error for the user, or `""` on success.
  public var err: String

  /// Creates an answer.
  public init(mountpoint: String, err: String = "") {
    self.mountpoint = mountpoint
    self.err = err
  }

  enum CodingKeys: String, CodingKey {
    case mountpoint = "Mountpoint"
    case err = "Err"
  }
}

/// The answer to `/VolumeDriver.Get`: `{"Volume": {…}, "Err": ""}`.
public struct VolumeGetResponse: Sendable, Hashable, Codable {
  /// The volume.
  public var volume: PluginVolume
  /// The error for the user, or `""` on success.
  public var err: String

  /// Creates an answer.
  public init(volume: PluginVolume, err: String = "") {
    self.volume = volume
    self.err = err
  }

  enum CodingKeys: String, CodingKey {
    case volume = "Volume"
    case err = "Err"
  }
}

/// The answer to `/VolumeDriver.List`: `{"Volumes": [{…}], "Err": ""}`.
public struct VolumeListResponse: Sendable, Hashable, Codable {
  /// Every volume this driver knows on this node.
  public var volumes: [PluginVolume]
  /// The error for the user, or `""` on success.
  public var err: String

  /// Creates an answer.
  public init(volumes: [PluginVolume], err: String = "") {
    self.volumes = volumes
    self.err = err
  }

  enum CodingKeys: String, CodingKey {
    case volumes = "Volumes"
    case err = "Err"
  }
}

/// The answer to `/VolumeDriver.Capabilities`: `{"Capabilities": {"Scope": "local"}}`.
public struct VolumeCapabilitiesResponse: Sendable, Hashable, Codable {
  /// The driver's capabilities.
  public var capabilities: PluginCapabilities

  /// Creates an answer.
  public init(capabilities: PluginCapabilities = PluginCapabilities()) { self.capabilities = capabilities }

  enum CodingKeys: String, CodingKey {
    case capabilities = "Capabilities"
  }
}
