import Foundation

/// What the agent does for one volume after a restart, from its persisted record and the lease store's view.
public enum RecoveryStep: Sendable, Hashable {
  /// The lease is still this node's and containers use the volume: heartbeat it again.
  case resumeHeartbeat(epoch: UInt64)
  /// The restart came between the last Unmount and the release: take the final snapshot, then release.
  case resumeFinalSnapshot(epoch: UInt64)
  /// The lease is this node's but no container uses the volume and the copy is unchanged: release it.
  case releaseLease(epoch: UInt64)
  /// The restart cut a restore short: delete the partial local copy (the next Mount restores again).
  case discardPartialRestore(SnapshotRef)
  /// The lease moved on while the agent was down: the local copy is no longer known to be current.
  case leaseLost(epoch: UInt64)
  /// These mount IDs belong to containers that no longer run on this node.
  case droppedMountIDs([String])
}

extension VolumeRecord {
  /// The record after an agent restart, and what to resume. Refcounts survive: every persisted mount ID is kept
  /// unless `runningMountIDs` (the IDs of containers still running, when the executor could list them) omits it.
  public func recovered(
    node: String, lease: Lease?, runningMountIDs: Set<String>? = nil
  ) -> (record: VolumeRecord, steps: [RecoveryStep]) {
    var record = self
    var steps: [RecoveryStep] = []
    if let running = runningMountIDs {
      let dropped = mountIDs.filter { !running.contains($0) }
      if !dropped.isEmpty {
        record.setMountIDs(mountIDs.filter(running.contains))
        steps.append(.droppedMountIDs(dropped))
      }
    }
    if let restoring {
      record.restoring = nil
      record.currentAtEpoch = nil
      steps.append(.discardPartialRestore(restoring))
    }
    guard let epoch = leaseEpoch else { return (record, steps) }
    guard lease?.holder == node, lease?.epoch == epoch else {
      record.leaseLost()
      steps.append(.leaseLost(epoch: epoch))
      return (record, steps)
    }
    if record.isMounted {
      steps.append(.resumeHeartbeat(epoch: epoch))
    } else if record.finalSnapshotPending || record.dirty {
      record.finalSnapshotPending = true
      steps.append(.resumeFinalSnapshot(epoch: epoch))
    } else {
      steps.append(.releaseLease(epoch: epoch))
    }
    return (record, steps)
  }
}
