import Foundation

/// What to do after an Unmount.
public enum UnmountDecision: Sendable, Hashable {
  /// The ID was not mounted here (a repeated Unmount, or one from before a lost record): nothing to do.
  case unknownMountID
  /// Other containers on this node still use the volume.
  case stillMounted(remaining: Int)
  /// The last container left: answer Docker at once, then in the background snapshot (tagged with `epoch`) and
  /// release the lease only once the snapshot is published; the lease is held (and heartbeated) until then.
  case snapshotThenRelease(epoch: UInt64)
  /// The last container left, but this node no longer holds the lease: its snapshot would be refused, so none.
  case leaseLost
  /// No container changed the copy since its base snapshot: release the lease of `epoch` without a snapshot.
  case releaseWithoutSnapshot(epoch: UInt64)
}

/// What to do once the final snapshot is published.
public enum FinalSnapshotOutcome: Sendable, Hashable {
  /// Release the lease of `epoch`.
  case release(epoch: UInt64)
  /// A container mounted the volume again meanwhile: keep the lease.
  case keepLease
}

extension VolumeRecord {
  /// A container unmounted the volume.
  public mutating func unmount(id: String) -> UnmountDecision {
    guard let index = mountIDs.firstIndex(of: id) else { return .unknownMountID }
    var remaining = mountIDs
    remaining.remove(at: index)
    setMountIDs(remaining)
    guard remaining.isEmpty else { return .stillMounted(remaining: remaining.count) }
    guard let leaseEpoch else { return .leaseLost }
    finalSnapshotPending = true
    return .snapshotThenRelease(epoch: leaseEpoch)
  }

  /// The final snapshot `snapshot` was published (and kept by ``SnapshotPublishRule/afterUpload(_:lease:)``).
  ///
  /// A failed final snapshot is not an event: the record stays ``finalSnapshotPending`` and the executor retries while
  /// it keeps the lease, since releasing without a snapshot would let another node start from older data.
  public mutating func finalSnapshotPublished(_ snapshot: SnapshotRef) -> FinalSnapshotOutcome {
    finalSnapshotPending = false
    base = snapshot
    guard !isMounted, let leaseEpoch else { return .keepLease }
    dirty = false
    return .release(epoch: leaseEpoch)
  }

  /// What to do with a lease this node holds while no container uses the volume, asked by the executor once the
  /// lease has been idle for a grace period (say, a restore finished after the swarm placed the task elsewhere):
  /// release it, with a snapshot first only if a container changed the copy; `nil` when there is nothing to release
  /// or work is still running (a mount, a restore, the final snapshot).
  public mutating func idleLeaseDecision() -> UnmountDecision? {
    guard !isMounted, restoring == nil, !finalSnapshotPending, let leaseEpoch else { return nil }
    guard dirty else { return .releaseWithoutSnapshot(epoch: leaseEpoch) }
    finalSnapshotPending = true
    return .snapshotThenRelease(epoch: leaseEpoch)
  }

  mutating func setMountIDs(_ ids: [String]) {
    mountIDs = Array(Set(ids)).sorted()
  }
}
