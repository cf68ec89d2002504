/// The databases skep dumps.
public enum DatabaseKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// MySQL and MariaDB (the same client protocol and dump format).
  case mysql
  case postgres
}

/// Recognises database containers from their image or the `skep.backup.db` label.
public enum DatabaseDetector {
  /// Image names (the last path component, without tag or digest) of each kind.
  static let images: [String: DatabaseKind] = [
    "mysql": .mysql, "mariadb": .mysql, "mysql-server": .mysql, "percona": .mysql, "percona-server": .mysql,
    "postgres": .postgres, "postgresql": .postgres, "postgis": .postgres, "timescaledb": .postgres,
  ]

  /// The database a container runs: the label `skep.backup.db` when set (`none` turns detection off), else the
  /// image name.
  public static func detect(_ user: VolumeUser) -> DatabaseKind? {
    if let label = user.labels[BackupLabels.database]?.lowercased() {
      switch label {
      case "mysql", "mariadb": return .mysql
      case "postgres", "postgresql": return .postgres
      default: return nil
      }
    }
    return images[imageName(user.image)]
  }

  /// `registry.lan:5000/lib/postgres:16-alpine@sha256:…` → `postgres`.
  public static func imageName(_ reference: String) -> String {
    var text = Substring(reference)
    if let at = text.firstIndex(of: "@") { text = text[..<at] }
    var last = text.split(separator: "/").last ?? text
    if let colon = last.firstIndex(of: ":") { last = last[..<colon] }
    return last.lowercased()
  }
}
