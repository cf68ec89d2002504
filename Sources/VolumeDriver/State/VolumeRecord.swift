import Foundation

/// What a node remembers about one volume, persisted under `/var/lib/skep/volumes/NAME/` (never in /var/lib/docker)
/// so that refcounts and the lease survive an agent restart.
///
/// The mutating methods are the events the executor reports; they change nothing outside the record.
public struct VolumeRecord: Sendable, Hashable, Codable {
  /// The volume's name.
  public var name: String
  /// The mount IDs (one per container) using the volume on this node, sorted, without duplicates.
  public internal(set) var mountIDs: [String]
  /// The epoch of the lease this node holds, or `nil`.
  public var leaseEpoch: UInt64?
  /// The snapshot the local copy was restored from or last published as (`nil`: none, or started empty).
  public var base: SnapshotRef?
  /// The lease epoch under which the local copy was last found current (restored, started empty, or matched the
  /// store's newest); the copy may be mounted without asking the store only while this equals ``leaseEpoch``.
  public var currentAtEpoch: UInt64?
  /// A restore that started and has not finished: the local copy is partial and must never be mounted.
  public var restoring: SnapshotRef?
  /// Whether a container mounted the copy since ``base`` (its data may differ from every snapshot).
  public var dirty: Bool
  /// The last unmount's snapshot is running: the lease is kept until it is published.
  public var finalSnapshotPending: Bool

  /// A record for a volume this node has never used.
  public init(name: String) {
    self.name = name
    self.mountIDs = []
    self.dirty = false
    self.finalSnapshotPending = false
  }

  /// Whether any container on this node uses the volume.
  public var isMounted: Bool { !mountIDs.isEmpty }

  /// This node now holds the lease of `epoch` (acquired or renewed).
  public mutating func leaseTaken(epoch: UInt64) {
    if leaseEpoch != epoch { currentAtEpoch = nil }
    leaseEpoch = epoch
  }

  /// This node found it no longer holds the lease (a heartbeat failed): the copy is no longer known to be current.
  public mutating func leaseLost() {
    leaseEpoch = nil
    currentAtEpoch = nil
    finalSnapshotPending = false
  }

  /// The lease was released after the final snapshot.
  public mutating func leaseReleased() {
    leaseEpoch = nil
    currentAtEpoch = nil
  }

  /// A container mounted the volume; a repeated ID changes nothing. Returns whether the ID was new.
  @discardableResult public mutating func mounted(id: String) -> Bool {
    guard !mountIDs.contains(id) else { return false }
    mountIDs.append(id)
    mountIDs.sort()
    dirty = true
    return true
  }

  /// A restore of `snapshot` starts: from now until ``restoreFinished(_:epoch:)`` the local copy is partial.
  public mutating func restoreStarted(_ snapshot: SnapshotRef) {
    restoring = snapshot
    base = nil
    currentAtEpoch = nil
  }

  /// The restore of `snapshot` finished under the lease of `epoch`.
  public mutating func restoreFinished(_ snapshot: SnapshotRef, epoch: UInt64) {
    restoring = nil
    base = snapshot
    currentAtEpoch = epoch
    dirty = false
  }

  /// The store has no snapshot of the volume and the copy starts empty under the lease of `epoch`.
  public mutating func startedEmpty(epoch: UInt64) {
    restoring = nil
    base = nil
    currentAtEpoch = epoch
    dirty = false
  }

  /// The local copy is at least as new as the store's newest snapshot, under the lease of `epoch`.
  public mutating func adoptedLocalCopy(epoch: UInt64) {
    currentAtEpoch = epoch
  }
}

extension VolumeRecord {
  /// A snapshot of the mounted copy was published under this node's lease (a periodic one): it is the newest base,
  /// though containers may have changed the copy since (``dirty`` stays as it is).
  public mutating func periodicSnapshotPublished(_ snapshot: SnapshotRef) {
    base = snapshot
  }
}
