import Foundation
import Testing

@testable import VolumeDriver

@Suite struct PersistedStateTests {
  let snapshot = SnapshotRef(id: "s4", epoch: 4, time: t0)

  func mounted(_ ids: [String], epoch: UInt64 = 5) -> VolumeRecord {
    var record = VolumeRecord(name: "db")
    record.leaseTaken(epoch: epoch)
    record.restoreStarted(snapshot)
    record.restoreFinished(snapshot, epoch: epoch)
    for id in ids { record.mounted(id: id) }
    return record
  }

  @Test func theStateFileRoundTripsAndIsStable() throws {
    let state = AgentStateFile(volumes: ["db": mounted(["c2", "c1"]), "web": VolumeRecord(name: "web")])
    let bytes = try state.encoded()
    let decoded = try AgentStateFile.decode(bytes)
    #expect(decoded == state)
    #expect(decoded.volumes["db"]?.mountIDs == ["c1", "c2"])
    #expect(try decoded.encoded() == bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains(#""time" : "2023-11-14T22:13:20Z""#))
  }

  @Test func anotherFormatVersionIsRefused() {
    #expect(throws: VolumeDriverError.self) {
      try AgentStateFile.decode(Data(#"{"version":2,"volumes":{}}"#.utf8))
    }
  }

  @Test func refcountsAndTheLeaseSurviveARestart() throws {
    let before = AgentStateFile(volumes: ["db": mounted(["c1", "c2"])])
    let reloaded = try AgentStateFile.decode(try before.encoded())
    let lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    let (after, steps) = reloaded.recovered(node: "n1", leases: ["db": lease])
    #expect(after.volumes["db"]?.mountIDs == ["c1", "c2"])
    #expect(steps == ["db": [.resumeHeartbeat(epoch: 5)]])
    var record = try #require(after.volumes["db"])
    #expect(
      MountDecision.decide(
        MountSituation(node: "n1", record: record, localCopyExists: true, lease: lease, now: t0, ttl: ttl)) == .mount)
    #expect(record.unmount(id: "c1") == .stillMounted(remaining: 1))
    #expect(record.unmount(id: "c2") == .snapshotThenRelease(epoch: 5))
  }

  @Test func mountIDsOfContainersThatNoLongerRunAreDropped() {
    let (record, steps) = mounted(["c1", "c2"]).recovered(
      node: "n1", lease: Lease(epoch: 5, holder: "n1", heartbeatAt: t0), runningMountIDs: ["c2"])
    #expect(record.mountIDs == ["c2"])
    #expect(steps == [.droppedMountIDs(["c1"]), .resumeHeartbeat(epoch: 5)])
  }

  @Test func aRestartBetweenTheLastUnmountAndTheReleaseResumesTheSnapshot() {
    var record = mounted(["c1"])
    _ = record.unmount(id: "c1")
    let (after, steps) = record.recovered(node: "n1", lease: Lease(epoch: 5, holder: "n1", heartbeatAt: t0))
    #expect(steps == [.resumeFinalSnapshot(epoch: 5)])
    #expect(after.finalSnapshotPending)
  }

  @Test func aLeaseTakenOverWhileTheAgentWasDownIsLost() {
    let (record, steps) = mounted(["c1"]).recovered(node: "n1", lease: Lease(epoch: 6, holder: "n2", heartbeatAt: t0))
    #expect(steps == [.leaseLost(epoch: 5)])
    #expect(record.leaseEpoch == nil && record.currentAtEpoch == nil)
    #expect(record.mountIDs == ["c1"])
  }

  @Test func anInterruptedRestoreIsDiscardedAndAnUnusedLeaseReleased() {
    var restoring = VolumeRecord(name: "db")
    restoring.leaseTaken(epoch: 2)
    restoring.restoreStarted(snapshot)
    let lease = Lease(epoch: 2, holder: "n1", heartbeatAt: t0)
    let (afterRestore, restoreSteps) = restoring.recovered(node: "n1", lease: lease)
    #expect(restoreSteps == [.discardPartialRestore(snapshot), .releaseLease(epoch: 2)])
    #expect(afterRestore.restoring == nil && afterRestore.base == nil)
    var idle = VolumeRecord(name: "db")
    idle.leaseTaken(epoch: 2)
    idle.startedEmpty(epoch: 2)
    #expect(idle.recovered(node: "n1", lease: lease).steps == [.releaseLease(epoch: 2)])
  }
}
