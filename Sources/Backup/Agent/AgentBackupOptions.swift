import SkepConfig

/// What `skep agent backup` was asked to do on its node.
public struct AgentBackupOptions: Sendable, Hashable {
  /// The node's name, written into every event and the `node=` tag.
  public var node: String
  /// Where the node's `/var/lib/docker/volumes` is mounted (read-only); a volume's files are at
  /// `ROOT/NAME/_data`.
  public var volumesRoot: String
  /// Only these volumes (all local volumes of the node when empty).
  public var volumes: [String]
  /// The inventory's per-volume rules.
  public var rules: AgentBackupRules

  /// Creates options.
  public init(node: String, volumesRoot: String, volumes: [String] = [], rules: AgentBackupRules = AgentBackupRules()) {
    self.node = node
    self.volumesRoot = volumesRoot
    self.volumes = volumes
    self.rules = rules
  }

  /// The directory restic reads for `volume`.
  public func dataPath(of volume: String) -> String {
    let root = volumesRoot.hasSuffix("/") ? String(volumesRoot.dropLast()) : volumesRoot
    return "\(root)/\(volume)/_data"
  }
}
