import Foundation

/// One restic snapshot of a volume as the driver sees it: its ID, the lease epoch it was taken under, and its time.
///
/// Snapshots order by epoch first, then time: a snapshot published late by a node that had lost its lease (a lower
/// epoch) never counts as newer than one of the current epoch, whatever the clocks say.
public struct SnapshotRef: Sendable, Hashable, Codable, Comparable {
  /// restic's snapshot ID.
  public var id: String
  /// The lease epoch of the node that took it (restic tag ``epochTag(_:)``).
  public var epoch: UInt64
  /// restic's snapshot time.
  public var time: Date

  /// Creates a reference.
  public init(id: String, epoch: UInt64, time: Date) {
    self.id = id
    self.epoch = epoch
    self.time = time
  }

  /// Epoch, then time, then ID (so the order is total).
  public static func < (lhs: SnapshotRef, rhs: SnapshotRef) -> Bool {
    (lhs.epoch, lhs.time, lhs.id) < (rhs.epoch, rhs.time, rhs.id)
  }

  /// The newest of a volume's snapshots (highest epoch, then latest time).
  public static func newest(_ snapshots: [SnapshotRef]) -> SnapshotRef? { snapshots.max() }

  /// The restic tag that records the epoch: `epoch=7` (next to `volume=`, `kind=files`, `node=`).
  public static func epochTag(_ epoch: UInt64) -> String { "epoch=\(epoch)" }

  /// The epoch in a snapshot's tags; `0` for a snapshot without one (taken by `skep backup`, outside any lease).
  public static func epoch(inTags tags: [String]) -> UInt64 {
    tags.lazy.compactMap { tag -> UInt64? in
      guard tag.hasPrefix("epoch=") else { return nil }
      return UInt64(tag.dropFirst("epoch=".count))
    }.first ?? 0
  }
}

/// What the backup store answered about a volume's snapshots.
public enum StoreAnswer: Sendable, Hashable {
  /// The store could not be asked: never start the volume empty.
  case unreachable(reason: String)
  /// The store answered, and the volume has no snapshot at all.
  case noSnapshots
  /// The newest snapshot of the volume (``SnapshotRef/newest(_:)``).
  case newest(SnapshotRef)
}

/// Whether a node may publish a snapshot taken under its lease.
///
/// A snapshot of epoch `e` is accepted only if `e` is at least the highest epoch known (the store's lease epoch and
/// the newest snapshot's epoch): a node that lost its lease holds a lower epoch and is refused. The check runs before
/// the upload, and again after it, because the lease may change hands during the upload: a snapshot that lost that
/// race is forgotten at once.
public enum SnapshotPublishRule {
  /// Whether a snapshot of `epoch` may be published, given the lease as read and the newest snapshot's epoch.
  public static func accepts(epoch: UInt64, lease: Lease?, newestSnapshotEpoch: UInt64? = nil) -> Bool {
    epoch >= max(lease?.epoch ?? 0, newestSnapshotEpoch ?? 0)
  }

  /// After an upload of `snapshot`: keep it, or forget it because the lease moved on to a higher epoch meanwhile.
  public static func afterUpload(_ snapshot: SnapshotRef, lease: Lease?) -> PublishOutcome {
    accepts(epoch: snapshot.epoch, lease: lease) ? .keep : .forget(snapshot.id)
  }
}

/// What to do with a snapshot just uploaded.
public enum PublishOutcome: Sendable, Hashable {
  /// It stands.
  case keep
  /// It lost to a newer epoch: `restic forget` this ID.
  case forget(String)
}
