import Foundation
import Testing
import VolumeDriver

@testable import VolumeAgent

/// An agent restarted on the same root (the same `state.json`) carries on with the mounts, leases and final snapshots
/// of the one before it.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct VolumeAgentCoreRecoveryTests {
  /// An agent on `root` mounts `app` for container `c1` and writes a file; the agent is then dropped without its loop
  /// ever running, as if it crashed right after answering Docker.
  func mountAndCrash(_ fixture: ResticRepositoryFixture, root: String) async throws {
    let agent = try makeAgent("node1", in: fixture, root: root)
    let mountpoint = try await agent.mount(VolumeMountRequest(name: "app", id: "c1"))
    try Data("before the restart\n".utf8).write(to: URL(fileURLWithPath: "\(mountpoint)/notes.txt"))
  }

  /// Waits for the lease of `app` to be released, then returns the final snapshot's content as plain restic
  /// restores it.
  func finalSnapshotContent(_ fixture: ResticRepositoryFixture) async throws -> String? {
    #expect(try await eventually { try await fixture.leases().read(volume: "app").lease?.holder == nil })
    let snapshots = try await fixture.snapshots(tag: "volume=app,kind=files,epoch=1,node=node1")
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    return text(at: try await fixture.restorePlain(snapshot.id) + "/notes.txt")
  }

  @Test func aRestartedAgentKeepsItsMountsAndTakesTheFinalSnapshot() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let root = fixture.directory.path("root-node1")
      try await mountAndCrash(fixture, root: root)

      let restarted = try makeAgent("node1", in: fixture, root: root)
      let record = try #require(await restarted.records["app"])
      #expect(record.mountIDs == ["c1"])
      #expect(record.leaseEpoch == 1)
      try await whileRunning([restarted]) {
        try await restarted.unmount(VolumeMountRequest(name: "app", id: "c1"))
        #expect(try await finalSnapshotContent(fixture) == "before the restart\n")
        #expect(await restarted.records["app"]?.leaseEpoch == nil)
        #expect(try await fixture.leases().read(volume: "app").lease?.epoch == 1)
      }
    }
  }

  @Test func aRestartWhileTheStoreIsAwayKeepsTheLease() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let root = fixture.directory.path("root-node1")
      try await mountAndCrash(fixture, root: root)

      // The agent restarts while the share is not mounted: it cannot tell whether it still holds its lease, so it
      // must not conclude that it lost it (it would stop heartbeating a volume its containers still use, and skip
      // the final snapshot at Unmount).
      let away = fixture.directory.path("repo-away")
      try FileManager.default.moveItem(atPath: fixture.repository, toPath: away)
      let restarted = try makeAgent("node1", in: fixture, root: root)
      await restarted.recover()  // what run() does first
      await restarted.tick(now: Date())  // a heartbeat that cannot reach the store
      let record = try #require(await restarted.records["app"])
      #expect(record.leaseEpoch == 1)
      #expect(record.mountIDs == ["c1"])

      try FileManager.default.moveItem(atPath: away, toPath: fixture.repository)
      try await whileRunning([restarted]) {
        // Heartbeats resume once the store is back.
        let before = try await fixture.leases().read(volume: "app").lease?.heartbeatAt ?? .distantFuture
        #expect(
          try await eventually(timeout: 10) {
            try await fixture.leases().read(volume: "app").lease?.heartbeatAt ?? .distantPast > before
          })
        try await restarted.unmount(VolumeMountRequest(name: "app", id: "c1"))
        #expect(try await finalSnapshotContent(fixture) == "before the restart\n")
      }
    }
  }
}
