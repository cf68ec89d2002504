/// A container that mounts a volume, as the consistency policy and the database detector see it.
public struct VolumeUser: Sendable, Hashable {
  public var id: String
  /// The container name without Docker's leading slash.
  public var name: String
  /// The image reference, e.g. `mariadb:11`, `registry.lan:5000/lib/postgres:16-alpine`.
  public var image: String
  public var labels: [String: String]
  /// Docker's state: `running`, `paused`, `exited`, …
  public var state: String
  /// The container's environment as `KEY=VALUE` (credentials for dumps come from here).
  public var environment: [String]

  /// Creates a volume user.
  public init(
    id: String, name: String, image: String, labels: [String: String] = [:], state: String = "running",
    environment: [String] = []
  ) {
    self.id = id
    self.name = name
    self.image = image
    self.labels = labels
    self.state = state
    self.environment = environment
  }

  /// True when the container runs and can be paused, stopped or exec'd into.
  public var isRunning: Bool { state == "running" }

  /// The value of `KEY` in the environment, if set.
  public func environmentValue(_ key: String) -> String? {
    let prefix = key + "="
    return environment.last { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
  }
}

/// The labels skep reads (on volumes and containers).
public enum BackupLabels {
  /// On a volume: `false` opts it out of backups.
  public static let backup = "skep.backup"
  /// On a container: `pause`, `stop` or `none` for the volumes it uses.
  public static let consistency = "skep.backup.consistency"
  /// On a container: a shell command run in it (`/bin/sh -c`) before the snapshot.
  public static let pre = "skep.backup.pre"
  /// On a container: a shell command run in it after the snapshot, also when the backup failed.
  public static let post = "skep.backup.post"
  /// On a container: `mysql`, `mariadb`, `postgres` or `none`, overriding detection from the image.
  public static let database = "skep.backup.db"
  /// offen/docker-volume-backup's label, honoured as `stop`.
  public static let offenStop = "docker-volume-backup.stop-during-backup"
}
