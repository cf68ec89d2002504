/// The `backup:` section, reserved for the backup module: the loader only checks that it is a mapping and keeps
/// what the backup module needs to read and validate it later with precise locations.
public struct BackupSection: Sendable, Hashable {
  /// The `repository` value, when it is a scalar.
  public var repository: String?
  /// Location of the section's mapping.
  public var location: SourceLocation
  /// The section re-serialized as YAML, for the backup module to decode.
  public var yaml: String
  /// Location of each top-level key of the section, by key.
  public var keyLocations: [String: SourceLocation]

  /// Creates a backup section.
  public init(
    repository: String?, location: SourceLocation, yaml: String = "", keyLocations: [String: SourceLocation] = [:]
  ) {
    self.repository = repository
    self.location = location
    self.yaml = yaml
    self.keyLocations = keyLocations
  }
}
