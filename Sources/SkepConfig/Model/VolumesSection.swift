/// The `volumes:` section of `skep.yml`: the timings of the skep volume driver, which `skep agent deploy` uses when
/// its flags are not given.
///
/// A setting is nil when the file does not write it; the driver then uses the default below. The loader has checked
/// every rule of docs/inventory.md on the values written, with the defaults standing in for the others.
public struct VolumesSection: Sendable, Hashable {
  /// A duration the file writes: whole seconds, and where the value is.
  public struct Setting: Sendable, Hashable {
    /// The duration in seconds, 0 or more.
    public var seconds: Int
    /// Location of the value.
    public var location: SourceLocation

    /// Creates a setting.
    public init(seconds: Int, location: SourceLocation) {
      self.seconds = seconds
      self.location = location
    }
  }

  /// `snapshot_interval`: seconds between snapshots of mounted volumes; 0 keeps only the final one at unmount.
  public var snapshotInterval: Setting?
  /// `lease_ttl`: seconds a lease lives without a heartbeat.
  public var leaseTTL: Setting?
  /// `heartbeat`: seconds between lease renewals.
  public var heartbeat: Setting?
  /// `restore_wait`: seconds a Mount waits for a restore before answering "restoring".
  public var restoreWait: Setting?
  /// Where the section starts.
  public var location: SourceLocation

  /// The keys of the section, in the order docs/inventory.md lists them.
  public static let keys = ["snapshot_interval", "lease_ttl", "heartbeat", "restore_wait"]
  /// `snapshot_interval` when not written: one hour.
  public static let defaultSnapshotInterval = 3600
  /// `lease_ttl` when not written.
  public static let defaultLeaseTTL = 45
  /// `heartbeat` when not written.
  public static let defaultHeartbeat = 10
  /// `restore_wait` when not written.
  public static let defaultRestoreWait = 30
  /// The shortest non-zero `snapshot_interval`.
  public static let minimumSnapshotInterval = 60
  /// The longest `restore_wait`: Docker gives Mount 120 s, and a Mount may first wait 20 s for a release.
  public static let maximumRestoreWait = 80
  /// A lease must outlive this many heartbeats (`lease_ttl` ≥ 3 × `heartbeat`).
  public static let heartbeatsPerLease = 3

  /// Creates a section; a nil setting means "not written".
  public init(
    snapshotInterval: Setting? = nil, leaseTTL: Setting? = nil, heartbeat: Setting? = nil,
    restoreWait: Setting? = nil, location: SourceLocation
  ) {
    self.snapshotInterval = snapshotInterval
    self.leaseTTL = leaseTTL
    self.heartbeat = heartbeat
    self.restoreWait = restoreWait
    self.location = location
  }
}
