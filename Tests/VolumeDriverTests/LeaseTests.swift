import Foundation
import Testing

@testable import VolumeDriver

let t0 = Date(timeIntervalSince1970: 1_700_000_000)
let ttl: TimeInterval = 30

@Suite struct LeaseTests {
  @Test func liveOnlyWithAHolderAndAFreshHeartbeat() {
    let lease = Lease(epoch: 3, holder: "node1", heartbeatAt: t0)
    #expect(lease.isLive(now: t0.addingTimeInterval(29), ttl: ttl))
    #expect(!lease.isLive(now: t0.addingTimeInterval(30), ttl: ttl))
    #expect(!Lease(epoch: 3, holder: nil, heartbeatAt: t0).isLive(now: t0, ttl: ttl))
  }

  @Test func takeOverRules() {
    let now = t0.addingTimeInterval(10)
    #expect(
      Lease.takeOver(nil, by: "n1", now: now, ttl: ttl) == .acquired(Lease(epoch: 1, holder: "n1", heartbeatAt: now)))
    let released = Lease(epoch: 4, holder: nil, heartbeatAt: t0)
    #expect(Lease.takeOver(released, by: "n2", now: now, ttl: ttl).lease?.epoch == 5)
    let live = Lease(epoch: 4, holder: "n1", heartbeatAt: t0)
    #expect(Lease.takeOver(live, by: "n2", now: now, ttl: ttl) == .refused(holder: "n1", epoch: 4))
    #expect(
      Lease.takeOver(live, by: "n1", now: now, ttl: ttl) == .renewed(Lease(epoch: 4, holder: "n1", heartbeatAt: now)))
    let late = t0.addingTimeInterval(31)
    #expect(
      Lease.takeOver(live, by: "n2", now: late, ttl: ttl) == .acquired(Lease(epoch: 5, holder: "n2", heartbeatAt: late))
    )
    #expect(Lease.takeOver(live, by: "n1", now: late, ttl: ttl).lease?.epoch == 5, "even its own expired lease")
  }

  @Test func onlyTheHolderOfTheEpochHeartbeatsOrReleases() {
    let lease = Lease(epoch: 4, holder: "n1", heartbeatAt: t0)
    let now = t0.addingTimeInterval(5)
    #expect(lease.heartbeat(by: "n1", epoch: 4, now: now)?.heartbeatAt == now)
    #expect(lease.heartbeat(by: "n1", epoch: 3, now: now) == nil)
    #expect(lease.heartbeat(by: "n2", epoch: 4, now: now) == nil)
    #expect(lease.release(by: "n1", epoch: 4, now: now) == Lease(epoch: 4, holder: nil, heartbeatAt: now))
    #expect(lease.release(by: "n2", epoch: 4, now: now) == nil)
  }

  @Test func snapshotsOrderByEpochBeforeTime() {
    let stale = SnapshotRef(id: "late", epoch: 3, time: t0.addingTimeInterval(600))
    let current = SnapshotRef(id: "early", epoch: 4, time: t0)
    #expect(SnapshotRef.newest([stale, current]) == current)
    #expect(SnapshotRef.newest([]) == nil)
    #expect(SnapshotRef.epochTag(7) == "epoch=7")
    #expect(SnapshotRef.epoch(inTags: ["volume=db", "epoch=7", "kind=files"]) == 7)
    #expect(SnapshotRef.epoch(inTags: ["volume=db"]) == 0)
  }

  @Test func aStaleHoldersPublishIsRefused() {
    let taken = Lease(epoch: 5, holder: "n2", heartbeatAt: t0)
    #expect(!SnapshotPublishRule.accepts(epoch: 4, lease: taken))
    #expect(SnapshotPublishRule.accepts(epoch: 5, lease: taken))
    #expect(!SnapshotPublishRule.accepts(epoch: 5, lease: nil, newestSnapshotEpoch: 6))
    let uploaded = SnapshotRef(id: "abc", epoch: 4, time: t0)
    #expect(SnapshotPublishRule.afterUpload(uploaded, lease: taken) == .forget("abc"))
    #expect(SnapshotPublishRule.afterUpload(uploaded, lease: Lease(epoch: 4, holder: nil, heartbeatAt: t0)) == .keep)
  }
}
