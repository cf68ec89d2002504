/// The `backup:` section of `skep.yml`, checked by the loader (see docs/inventory.md).
public struct BackupSection: Sendable, Hashable {
  /// The restic repository: an absolute path, `sftp:…` or `s3:…`, exactly as written.
  public var repository: String
  /// What kind of place ``repository`` is.
  public var repositoryKind: BackupRepositoryKind
  /// Location of the `repository` value.
  public var repositoryLocation: SourceLocation?
  /// restic's compression for new data; `auto` when not given.
  public var compression: BackupCompression
  /// The `keep:` policy for `skep backup forget`; empty when not given.
  public var retention: RetentionPolicy
  /// Per-volume rules by exact volume name.
  public var volumes: [String: VolumeRule]
  /// Location of the section's mapping.
  public var location: SourceLocation
  /// The section re-serialized as YAML (kept for tools that want the raw text).
  public var yaml: String
  /// Location of each top-level key of the section, by key.
  public var keyLocations: [String: SourceLocation]

  /// Creates a backup section.
  public init(
    repository: String, repositoryKind: BackupRepositoryKind = .local, repositoryLocation: SourceLocation? = nil,
    compression: BackupCompression = .auto, retention: RetentionPolicy = RetentionPolicy(),
    volumes: [String: VolumeRule] = [:], location: SourceLocation, yaml: String = "",
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.repository = repository
    self.repositoryKind = repositoryKind
    self.repositoryLocation = repositoryLocation
    self.compression = compression
    self.retention = retention
    self.volumes = volumes
    self.location = location
    self.yaml = yaml
    self.keyLocations = keyLocations
  }

  /// The rule for a volume: the one in `volumes`, else the default (backed up, mode decided by skep).
  public func rule(forVolume name: String) -> VolumeRule {
    volumes[name] ?? VolumeRule()
  }
}
