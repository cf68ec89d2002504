import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// `VolumeAgentCore` on one node with a real restic repository and lease folder: Mount of a new volume, reference
/// counts, and what the plugin calls report.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct VolumeAgentCoreMountTests {
  @Test func aBrandNewVolumeMountsEmptyUnderANewLease() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let root = fixture.directory.path("root-node1")
      let agent = try makeAgent("node1", in: fixture, root: root)
      try await agent.create(VolumeCreateRequest(name: "db"))
      #expect(try await agent.get(VolumeNameRequest(name: "db")).status?["state"] == "idle")

      let mountpoint = try await agent.mount(VolumeMountRequest(name: "db", id: "c1"))
      #expect(mountpoint == "\(root)/db/data")
      #expect(directoryExists(mountpoint))
      #expect(try FileManager.default.contentsOfDirectory(atPath: mountpoint).isEmpty)

      let lease = try await fixture.leases().read(volume: "db").lease
      #expect(lease?.holder == "node1")
      #expect(lease?.epoch == 1)
      #expect(try await agent.path(VolumeNameRequest(name: "db")) == mountpoint)
      let volume = try await agent.get(VolumeNameRequest(name: "db"))
      #expect(volume.mountpoint == mountpoint)
      let status = try #require(volume.status)
      #expect(status["node"] == "node1")
      #expect(status["state"] == "mounted")
      #expect(status["leaseEpoch"] == "1")
      #expect(status["leaseHolder"] == "node1")
      #expect(status["localBytes"] == "0")
      #expect(try await agent.list().map(\.name) == ["db"])
      // Starting empty wrote no snapshot.
      #expect(try await fixture.snapshots().isEmpty)
    }
  }

  @Test func mountsAreCountedPerContainerAndPersisted() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let root = fixture.directory.path("root-node1")
      let agent = try makeAgent("node1", in: fixture, root: root)
      let mountpoint = try await agent.mount(VolumeMountRequest(name: "db", id: "c1"))
      #expect(try await agent.mount(VolumeMountRequest(name: "db", id: "c2")) == mountpoint)
      #expect(try await agent.mount(VolumeMountRequest(name: "db", id: "c1")) == mountpoint)
      #expect(await agent.records["db"]?.mountIDs == ["c1", "c2"])

      let refused = await #expect(throws: VolumeDriverError.self) {
        try await agent.remove(VolumeNameRequest(name: "db"))
      }
      #expect(refused?.message == "volume db is mounted by 2 container(s) on node1")

      try await agent.unmount(VolumeMountRequest(name: "db", id: "c2"))
      try await agent.unmount(VolumeMountRequest(name: "db", id: "never-mounted"))
      let record = try #require(await agent.records["db"])
      #expect(record.mountIDs == ["c1"])
      #expect(!record.finalSnapshotPending)
      #expect(record.leaseEpoch == 1)
      #expect(directoryExists(mountpoint))

      // What Docker would find after an agent restart.
      let persisted = try AgentStateFile.decode(Data(contentsOf: URL(fileURLWithPath: "\(root)/state.json")))
      #expect(persisted.volumes["db"] == record)
    }
  }

  @Test func aVolumeNameThatIsAPathIsRefusedBeforeAnythingHappens() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let agent = try makeAgent("node1", in: fixture)
      let error = await #expect(throws: VolumeDriverError.self) {
        try await agent.mount(VolumeMountRequest(name: "../etc", id: "c1"))
      }
      #expect(error?.code == .badRequest)
      #expect(await agent.records.isEmpty)
      #expect(!FileManager.default.fileExists(atPath: fixture.leases().directory))
    }
  }

  @Test func aMountedVolumeIsSnapshottedPeriodicallyUnderItsLease() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let agent = try makeAgent("node1", in: fixture, snapshotInterval: 2)
      try await whileRunning([agent]) {
        let mountpoint = try await agent.mount(VolumeMountRequest(name: "db", id: "c1"))
        try Data("row 1\n".utf8).write(to: URL(fileURLWithPath: "\(mountpoint)/table"))
        #expect(try await eventually { await agent.records["db"]?.base != nil })
        let record = try #require(await agent.records["db"])
        let snapshots = try await fixture.snapshots(tag: "volume=db,kind=files,node=node1,epoch=1")
        #expect(snapshots.map(\.id).contains(record.base?.id ?? "none"))
        #expect(record.base?.epoch == 1)
        // Still mounted, the lease still held: a periodic snapshot releases nothing.
        #expect(record.mountIDs == ["c1"])
        #expect(try await fixture.leases().read(volume: "db").lease?.holder == "node1")
      }
    }
  }
}
