import Foundation
import Testing

@testable import VolumeDriver

@Suite struct UnmountTests {
  func mountedRecord(_ ids: [String], epoch: UInt64 = 5) -> VolumeRecord {
    var record = VolumeRecord(name: "db")
    record.leaseTaken(epoch: epoch)
    record.startedEmpty(epoch: epoch)
    for id in ids { record.mounted(id: id) }
    return record
  }

  @Test func withTwoContainersOnlyTheSecondUnmountTakesTheFinalSnapshot() {
    var record = mountedRecord(["c1", "c2"])
    #expect(record.unmount(id: "c1") == .stillMounted(remaining: 1))
    #expect(!record.finalSnapshotPending)
    #expect(record.unmount(id: "c2") == .snapshotThenRelease(epoch: 5))
    #expect(record.finalSnapshotPending)
    #expect(record.leaseEpoch == 5, "the lease is held until the snapshot is published")
    let published = SnapshotRef(id: "s9", epoch: 5, time: t0)
    #expect(record.finalSnapshotPublished(published) == .release(epoch: 5))
    #expect(record.base == published)
    record.leaseReleased()
    #expect(record.leaseEpoch == nil)
  }

  @Test func aDuplicateMountIDCountsOnce() {
    var record = mountedRecord(["c1"])
    let added = record.mounted(id: "c1")
    #expect(!added)
    #expect(record.mountIDs == ["c1"])
    #expect(record.unmount(id: "c1") == .snapshotThenRelease(epoch: 5))
  }

  @Test func anUnknownOrRepeatedUnmountIsHarmless() {
    var record = mountedRecord(["c1"])
    #expect(record.unmount(id: "zz") == .unknownMountID)
    #expect(record.mountIDs == ["c1"])
    _ = record.unmount(id: "c1")
    #expect(record.unmount(id: "c1") == .unknownMountID)
    #expect(VolumeRecord(name: "x").mountIDs.isEmpty)
  }

  @Test func aMountDuringTheFinalSnapshotKeepsTheLease() {
    var record = mountedRecord(["c1"])
    _ = record.unmount(id: "c1")
    record.mounted(id: "c2")
    #expect(record.finalSnapshotPublished(SnapshotRef(id: "s9", epoch: 5, time: t0)) == .keepLease)
    #expect(record.leaseEpoch == 5)
  }

  @Test func theLastUnmountAfterALostLeasePublishesNothing() {
    var record = mountedRecord(["c1"])
    record.leaseLost()
    #expect(record.unmount(id: "c1") == .leaseLost)
  }

  @Test func anIdleLeaseIsReleasedWithASnapshotOnlyWhenTheCopyChanged() {
    var restored = VolumeRecord(name: "db")
    restored.leaseTaken(epoch: 2)
    restored.restoreStarted(SnapshotRef(id: "s1", epoch: 1, time: t0))
    var decision = restored.idleLeaseDecision()
    #expect(decision == nil, "a restore is running")
    restored.restoreFinished(SnapshotRef(id: "s1", epoch: 1, time: t0), epoch: 2)
    decision = restored.idleLeaseDecision()
    #expect(decision == .releaseWithoutSnapshot(epoch: 2))
    restored.mounted(id: "c1")
    decision = restored.idleLeaseDecision()
    #expect(decision == nil, "in use")
    _ = restored.unmount(id: "c1")
    _ = restored.finalSnapshotPublished(SnapshotRef(id: "s2", epoch: 2, time: t0))
    restored.mounted(id: "c2")
    restored.setMountIDs([])
    decision = restored.idleLeaseDecision()
    #expect(decision == .snapshotThenRelease(epoch: 2), "changed since its base")
    #expect(restored.finalSnapshotPending)
    var neverLeased = VolumeRecord(name: "db")
    decision = neverLeased.idleLeaseDecision()
    #expect(decision == nil, "no lease")
  }
}
