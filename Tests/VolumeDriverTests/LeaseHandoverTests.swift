import Foundation
import Testing

@testable import VolumeDriver

/// The snapshot a release names, and when a takeover may carry it on (``Lease/snapshot``).
@Suite struct LeaseHandoverTests {
  let final = SnapshotRef(id: "f1", epoch: 4, time: t0)

  @Test func aReleaseNamesTheSnapshotAndATakeoverCarriesIt() throws {
    let held = Lease(epoch: 4, holder: "n1", heartbeatAt: t0)
    let released = try #require(held.release(by: "n1", epoch: 4, now: t0.addingTimeInterval(1), snapshot: final))
    #expect(released.holder == nil)
    #expect(released.snapshot == final)
    let taken = Lease.takeOver(released, by: "n2", now: t0.addingTimeInterval(2), ttl: ttl)
    #expect(taken == .acquired(Lease(epoch: 5, holder: "n2", heartbeatAt: t0.addingTimeInterval(2), snapshot: final)))
  }

  @Test func anExpiredLeaseHandsNothingOver() {
    // Its holder may have published snapshots after whatever the lease says.
    let crashed = Lease(epoch: 4, holder: "n1", heartbeatAt: t0, snapshot: final)
    let late = t0.addingTimeInterval(ttl + 1)
    #expect(Lease.takeOver(crashed, by: "n2", now: late, ttl: ttl).lease?.snapshot == nil)
    #expect(Lease.takeOver(crashed, by: "n1", now: t0.addingTimeInterval(1), ttl: ttl).lease?.snapshot == nil)
  }

  @Test func theHoldersFirstHeartbeatDropsTheName() throws {
    let taken = Lease(epoch: 5, holder: "n2", heartbeatAt: t0, snapshot: final)
    let beat = try #require(taken.heartbeat(by: "n2", epoch: 5, now: t0.addingTimeInterval(1)))
    #expect(beat.snapshot == nil)
    #expect(taken.release(by: "n2", epoch: 5, now: t0.addingTimeInterval(1))?.snapshot == nil)
  }

  @Test func aLocalCopyOfTheNamedSnapshotIsAdoptedWhateverItsRecordedTime() {
    // A lease file may round the time; the same restic ID is the same snapshot.
    var record = VolumeRecord(name: "db")
    record.restoreFinished(SnapshotRef(id: "f1", epoch: 4, time: t0.addingTimeInterval(0.75)), epoch: 5)
    record.leaseTaken(epoch: 6)
    let situation = MountSituation(
      node: "n2", record: record, localCopyExists: true, lease: Lease(epoch: 6, holder: "n2", heartbeatAt: t0),
      store: .newest(SnapshotRef(id: "f1", epoch: 4, time: t0.addingTimeInterval(0.9))), restorePercent: nil,
      now: t0, ttl: ttl)
    #expect(MountDecision.decide(situation) == .adoptLocalCopy)
  }
}
