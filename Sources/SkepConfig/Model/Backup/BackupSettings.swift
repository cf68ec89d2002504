/// How restic compresses new data (`restic --compression`); repository format v2 is required for anything but `off`.
public enum BackupCompression: String, Sendable, Hashable, CaseIterable, Codable {
  /// Fast compression, restic's default: good for mixed data on small boards.
  case auto
  /// Slowest, smallest.
  case max
  /// No compression (already compressed media, very slow CPUs).
  case off
}

/// What kind of place the restic repository is, as written in `backup.repository`.
public enum BackupRepositoryKind: String, Sendable, Hashable, CaseIterable {
  /// An absolute path, mounted at the same place on every node (a NAS share).
  case local
  /// `sftp:user@host:/path`.
  case sftp
  /// `s3:https://host/bucket/path`, any S3-compatible store.
  case s3
}

/// How a volume is made consistent while restic reads it.
public enum ConsistencyMode: String, Sendable, Hashable, CaseIterable, Codable {
  /// Freeze the containers using the volume (`docker pause`): a crash-consistent point in time.
  case pause
  /// Stop the containers using the volume, start them again afterwards.
  case stop
  /// Read the volume while it is in use.
  case none
}

/// restic's `forget` policy, applied to each volume's snapshots on their own (`keep:` in `skep.yml`).
///
/// A nil count is not passed to restic. A policy with every count nil keeps everything: `forget` refuses to run
/// with it rather than guess.
public struct RetentionPolicy: Sendable, Hashable {
  /// `--keep-last`: the N most recent snapshots.
  public var last: Int?
  /// `--keep-hourly`: the last snapshot of each of the N most recent hours that have one.
  public var hourly: Int?
  /// `--keep-daily`.
  public var daily: Int?
  /// `--keep-weekly`.
  public var weekly: Int?
  /// `--keep-monthly`.
  public var monthly: Int?
  /// `--keep-yearly`.
  public var yearly: Int?

  /// The keys of `keep:`, in the order restic documents them.
  public static let keys = ["last", "hourly", "daily", "weekly", "monthly", "yearly"]

  /// Creates a policy; nil counts are not applied.
  public init(
    last: Int? = nil, hourly: Int? = nil, daily: Int? = nil, weekly: Int? = nil, monthly: Int? = nil,
    yearly: Int? = nil
  ) {
    self.last = last
    self.hourly = hourly
    self.daily = daily
    self.weekly = weekly
    self.monthly = monthly
    self.yearly = yearly
  }

  /// The counts that are set, as (key, count) in `keys` order.
  public var counts: [(key: String, count: Int)] {
    let values = [last, hourly, daily, weekly, monthly, yearly]
    return zip(Self.keys, values).compactMap { key, value in value.map { (key, $0) } }
  }

  /// True when no count is set: such a policy would keep every snapshot.
  public var isEmpty: Bool { counts.isEmpty }
}

/// The rule `skep.yml` gives one volume, by its exact name, under `backup.volumes`.
public struct VolumeRule: Sendable, Hashable {
  /// `backup: false` opts the volume out of backups.
  public var backup: Bool
  /// The consistency mode; nil lets skep decide from labels and the containers using the volume.
  public var consistency: ConsistencyMode?
  /// restic `--exclude` patterns, relative to the volume's root.
  public var exclude: [String]
  /// Location of the rule's key (the volume name), for messages.
  public var location: SourceLocation?

  /// Creates a rule.
  public init(
    backup: Bool = true, consistency: ConsistencyMode? = nil, exclude: [String] = [], location: SourceLocation? = nil
  ) {
    self.backup = backup
    self.consistency = consistency
    self.exclude = exclude
    self.location = location
  }
}
