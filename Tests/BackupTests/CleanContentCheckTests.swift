import DockerEngine
import Foundation
import Testing

@testable import Backup

@Suite struct CleanContentCheckTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  func at(_ minutesAgo: Double) -> Date { now.addingTimeInterval(-minutesAgo * 60) }
  let key = VolumeKey(node: "n1", volume: "data")

  /// An unused volume created 100 minutes ago, a snapshot 50 minutes ago: the last-use rule alone removes it.
  func plan(_ checks: [VolumeKey: Bool?]) -> CleanPlan {
    let node = CleanInventory.Node(
      name: "n1", volumes: [CleanInventory.Volume(name: "data", createdAt: at(100))])
    let snapshot = ProtectingSnapshot(volume: "data", node: "n1", time: at(50), shortID: "s-data")
    return CleanPlan(
      inventory: CleanInventory(nodes: [node]), snapshots: .read([snapshot]), now: now, contentChecks: checks)
  }

  func volume(_ plan: CleanPlan) -> CleanAction? {
    plan.actions().first { $0.kind == .volume && $0.name == "data" }
  }

  @Test func theVolumesToVerifyAreThoseTheLastUseRuleWouldRemove() {
    #expect(plan([:]).volumesToVerify() == [VolumeCheck(key: key, since: at(50))])
    let noSnapshot = CleanPlan(
      inventory: CleanInventory(nodes: [
        CleanInventory.Node(name: "n1", volumes: [CleanInventory.Volume(name: "data", createdAt: at(100))])
      ]), snapshots: .read([]), now: now)
    #expect(noSnapshot.volumesToVerify().isEmpty)
  }

  @Test func unchangedSinceANewerSnapshotIsRemoved() {
    let action = volume(plan([key: false]))
    #expect(action?.decision == .remove)
    #expect(action?.reason.contains("unchanged") == true)
  }

  @Test func changedAfterTheSnapshotIsKeptWithTheReason() {
    let action = volume(plan([key: true]))
    #expect(action?.decision == .keep)
    #expect(action?.reason.hasPrefix("changed after its newest snapshot s-data") == true)
    #expect(action?.reason.hasSuffix("back it up first") == true)
  }

  @Test func unverifiedOrUncheckedIsKept() {
    for checks in [[key: Bool?.none], [:]] {
      let action = volume(plan(checks))
      #expect(action?.decision == .keep)
      #expect(action?.reason.hasPrefix("could not verify") == true)
    }
  }

  @Test func aChangedVolumeKeepsItsStoppedContainerOnRecord() {
    let node = CleanInventory.Node(
      name: "n1",
      containers: [
        CleanInventory.Container(
          id: "c", name: "app", state: "exited", volumes: ["data"], lastUse: .finished(at(90)))
      ],
      volumes: [CleanInventory.Volume(name: "data", createdAt: at(100))])
    let snapshot = ProtectingSnapshot(volume: "data", node: "n1", time: at(50), shortID: "s-data")
    let actions = CleanPlan(
      inventory: CleanInventory(nodes: [node]), snapshots: .read([snapshot]), now: now, contentChecks: [key: true]
    ).actions()
    #expect(actions.first { $0.kind == .container }?.decision == .keep)
  }

  @Test func theJobOutputGivesEachVolumesAnswer() {
    let checks = ["a", "b", "c", "d"].map { VolumeCheck(key: VolumeKey(node: "n1", volume: $0), since: now) }
    let stdout = [
      "skep-volume-check changed a", "skep-volume-check unchanged b", "skep-volume-check error c", "noise",
    ]
    let done = VolumeChangeCheck.results(node: "n1", checks: checks, stdout: stdout, completed: true)
    #expect(done[checks[0].key] == .some(true))
    #expect(done[checks[1].key] == .some(false))
    #expect(done[checks[2].key] == .some(nil))
    #expect(done[checks[3].key] == .some(nil))
    // From a job that failed, only "changed" is believed.
    let failed = VolumeChangeCheck.results(node: "n1", checks: checks, stdout: stdout, completed: false)
    #expect(failed[checks[0].key] == .some(true))
    #expect(failed[checks[1].key] == .some(nil))
  }

  @Test func theJobMountsEachVolumeReadOnlyOnItsNodeWithoutSecrets() {
    let checks = [VolumeCheck(key: key, since: Date(timeIntervalSince1970: 1_700_000_000.9))]
    let spec = VolumeChangeCheck.serviceSpec(name: "j", image: "reg/skep:latest", node: "n1", checks: checks)
    let container = spec.taskTemplate.containerSpec
    #expect(
      container.mounts == [ContainerSpec.Mount(type: "volume", source: "data", target: "/v/data", readOnly: true)])
    #expect(container.secrets == nil)
    #expect(container.command?.last == "data=1700000000")
    #expect(container.command?.joined(separator: " ").contains("-newerct") == true)
    #expect(spec.taskTemplate.placement?.constraints == ["node.hostname==n1"])
  }
}

extension CleanContentCheckTests {
  @Test func inspectsStopTimeIgnoresDockersZeroTime() {
    #expect(CleanObserver.finished("2026-11-25T01:02:03.5Z") == Date(timeIntervalSince1970: 1_795_568_523.5))
    #expect(CleanObserver.finished("0001-01-01T00:00:00Z") == nil)
    #expect(CleanObserver.finished("soon") == nil)
  }
}
