import Foundation
import Testing

@testable import VolumeDriver

@Suite struct MountDecisionTests {
  let snapshot3 = SnapshotRef(id: "s3", epoch: 3, time: t0)
  let snapshot4 = SnapshotRef(id: "s4", epoch: 4, time: t0.addingTimeInterval(60))

  func situation(
    record: VolumeRecord = VolumeRecord(name: "db"), local: Bool = false, lease: Lease?, store: StoreAnswer? = nil,
    percent: Int? = nil, now: Date = t0
  ) -> MountSituation {
    MountSituation(
      node: "n1", record: record, localCopyExists: local, lease: lease, store: store, restorePercent: percent,
      now: now, ttl: ttl)
  }

  func held(_ epoch: UInt64, current: Bool, base: SnapshotRef? = nil) -> VolumeRecord {
    var record = VolumeRecord(name: "db")
    record.leaseTaken(epoch: epoch)
    record.base = base
    if current { record.adoptedLocalCopy(epoch: epoch) }
    return record
  }

  @Test func heldLeaseAndCurrentCopyMountsAtOnceWithoutAskingTheStore() {
    let lease = Lease(epoch: 4, holder: "n1", heartbeatAt: t0)
    #expect(MountDecision.decide(situation(record: held(4, current: true), local: true, lease: lease)) == .mount)
    #expect(MountDecision.decide(situation(record: held(4, current: true), local: false, lease: lease)) == .queryStore)
  }

  @Test func anotherNodesLiveLeaseRefusesWithItsName() {
    let decision = MountDecision.decide(situation(lease: Lease(epoch: 4, holder: "n2", heartbeatAt: t0)))
    #expect(decision == .refuse(.inUse(volume: "db", node: "n2")))
    #expect(MountRefusal.inUse(volume: "db", node: "n2").message == "volume db is in use on node n2")
  }

  @Test func aFreeOrExpiredLeaseIsTakenFirstWithTheNextEpoch() {
    #expect(
      MountDecision.decide(situation(lease: nil)) == .acquireLease(Lease(epoch: 1, holder: "n1", heartbeatAt: t0)))
    let now = t0.addingTimeInterval(31)
    let expired = Lease(epoch: 4, holder: "n2", heartbeatAt: t0)
    #expect(
      MountDecision.decide(situation(lease: expired, now: now))
        == .acquireLease(Lease(epoch: 5, holder: "n1", heartbeatAt: now)))
  }

  @Test func anUnreachableStoreRefusesAndNeverStartsEmpty() {
    let lease = Lease(epoch: 1, holder: "n1", heartbeatAt: t0)
    let decision = MountDecision.decide(
      situation(record: held(1, current: false), lease: lease, store: .unreachable(reason: "dial tcp: timeout")))
    let refusal = MountRefusal.storeUnreachable(volume: "db", reason: "dial tcp: timeout", releaseLease: true)
    #expect(decision == .refuse(refusal))
    #expect(refusal.message == "cannot reach the backup store, refusing to start db empty")
    #expect(refusal.description.hasSuffix("(dial tcp: timeout)"))
  }

  @Test func noSnapshotAtAllStartsEmptyButKeepsALocalCopy() {
    let lease = Lease(epoch: 1, holder: "n1", heartbeatAt: t0)
    #expect(
      MountDecision.decide(situation(record: held(1, current: false), lease: lease, store: .noSnapshots)) == .startEmpty
    )
    #expect(
      MountDecision.decide(situation(record: held(1, current: false), local: true, lease: lease, store: .noSnapshots))
        == .adoptLocalCopy)
  }

  @Test func aSnapshotNewerThanTheLocalCopyIsRestoredAnEqualOneIsNot() {
    let lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    let behind = held(5, current: false, base: snapshot3)
    #expect(
      MountDecision.decide(situation(record: behind, local: true, lease: lease, store: .newest(snapshot4)))
        == .startRestoreInBackground(snapshot4))
    #expect(
      MountDecision.decide(situation(record: behind, local: false, lease: lease, store: .newest(snapshot3)))
        == .startRestoreInBackground(snapshot3), "missing copy")
    let same = held(5, current: false, base: snapshot4)
    #expect(
      MountDecision.decide(situation(record: same, local: true, lease: lease, store: .newest(snapshot4)))
        == .adoptLocalCopy)
  }

  @Test func aRunningRestoreRefusesWithItsPercentage() {
    let lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    var record = held(5, current: false)
    record.restoreStarted(snapshot4)
    let decision = MountDecision.decide(situation(record: record, local: true, lease: lease, percent: 42))
    #expect(decision == .refuse(.restoring(volume: "db", percent: 42)))
    #expect(MountRefusal.restoring(volume: "db", percent: 42).message == "restoring db: 42 %, retrying")
  }

  @Test func aPartialCopyLeftByAnInterruptedRestoreIsNeverMounted() {
    let lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    var record = held(5, current: true, base: snapshot4)
    record.restoreStarted(snapshot4)
    #expect(record.base == nil)
    #expect(MountDecision.decide(situation(record: record, local: true, lease: lease)) == .queryStore)
    #expect(
      MountDecision.decide(situation(record: record, local: true, lease: lease, store: .newest(snapshot4)))
        == .startRestoreInBackground(snapshot4))
  }

  @Test func theWholeMountOfAVolumeLastUsedElsewhere() {
    var record = VolumeRecord(name: "db")
    record.base = snapshot3
    var lease = Lease(epoch: 4, holder: nil, heartbeatAt: t0)
    var step = MountDecision.decide(situation(record: record, local: true, lease: lease))
    #expect(step == .acquireLease(Lease(epoch: 5, holder: "n1", heartbeatAt: t0)))
    lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    record.leaseTaken(epoch: 5)
    step = MountDecision.decide(situation(record: record, local: true, lease: lease, store: .newest(snapshot4)))
    #expect(step == .startRestoreInBackground(snapshot4))
    record.restoreStarted(snapshot4)
    record.restoreFinished(snapshot4, epoch: 5)
    #expect(MountDecision.decide(situation(record: record, local: true, lease: lease)) == .mount)
  }

  @Test func aRecordThatDoesNotKnowItsOwnLiveLeaseRecordsItFirst() {
    let lease = Lease(epoch: 5, holder: "n1", heartbeatAt: t0)
    let decision = MountDecision.decide(situation(record: VolumeRecord(name: "db"), local: true, lease: lease))
    #expect(decision == .acquireLease(lease))
  }

  @Test func aCopyReplacedElsewhereWhileMountedHereIsRefused() {
    let lease = Lease(epoch: 6, holder: "n1", heartbeatAt: t0)
    var record = held(6, current: false, base: snapshot3)
    record.mounted(id: "c1")
    let decision = MountDecision.decide(situation(record: record, local: true, lease: lease, store: .newest(snapshot4)))
    #expect(decision == .refuse(.replacedWhileMounted(volume: "db")))
  }
}
