import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// Mount fails closed: when the backup store cannot be reached or answers an error, a volume is never started empty.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct VolumeAgentCoreStoreFailureTests {
  /// Puts a snapshot of `app` (one file) in the repository, taken under epoch 1 by node1, whose lease is released:
  /// what node1 leaves behind after its last container stopped.
  func seed(_ fixture: ResticRepositoryFixture) async throws -> SnapshotRef {
    let data = fixture.directory.path("seed")
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    try Data("kept safe\n".utf8).write(to: URL(fileURLWithPath: "\(data)/notes.txt"))
    let snapshot = try await fixture.store().snapshot(volume: "app", directory: data, node: "node1", epoch: 1)
    let released = Lease(epoch: 1, holder: nil, heartbeatAt: Date(timeIntervalSince1970: 1_800_000_000))
    guard try await fixture.leases().write(volume: "app", lease: released, expectedVersion: 0) else {
      throw SetupError("cannot write the seed lease")
    }
    return snapshot
  }

  @Test func aMissingRepositoryRefusesTheMountUntilItIsBack() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let snapshot = try await seed(fixture)
      let root = fixture.directory.path("root-node2")
      let agent = try makeAgent("node2", in: fixture, root: root)
      try await agent.create(VolumeCreateRequest(name: "app"))

      // The share is not mounted on this node: the repository folder is not there.
      let away = fixture.directory.path("repo-away")
      try FileManager.default.moveItem(atPath: fixture.repository, toPath: away)
      let refused = await #expect(throws: VolumeDriverError.self) {
        try await agent.mount(VolumeMountRequest(name: "app", id: "c1"))
      }
      #expect(refused?.message == "cannot reach the backup store, refusing to start app empty")
      #expect(!directoryExists("\(root)/app/data"))
      #expect(!FileManager.default.fileExists(atPath: fixture.repository))
      let record = try #require(await agent.records["app"])
      #expect(!record.isMounted)
      #expect(record.leaseEpoch == nil)

      // Mounted again: the data comes back from the snapshot.
      try FileManager.default.moveItem(atPath: away, toPath: fixture.repository)
      try await whileRunning([agent]) {
        let mountpoint = try await mountRetrying(agent, "app", id: "c1")
        #expect(mountpoint == "\(root)/app/data")
        #expect(text(at: "\(mountpoint)/notes.txt") == "kept safe\n")
        #expect(await agent.records["app"]?.base == snapshot)
        let lease = try await fixture.leases().read(volume: "app").lease
        #expect(lease?.epoch == 2)
        #expect(lease?.holder == "node2")
      }
    }
  }

  /// A restic that answers with an error while the lease folder works.
  enum BrokenRestic: String, CaseIterable, Sendable {
    case wrongPassword
    case missingBinary
  }

  @Test(arguments: BrokenRestic.allCases)
  func aStoreThatAnswersAnErrorRefusesTheMountAndGivesTheLeaseBack(_ broken: BrokenRestic) async throws {
    try await ResticRepositoryFixture.with { fixture in
      let root = fixture.directory.path("root-node1")
      let restic =
        switch broken {
        case .wrongPassword:
          fixture.restic(passwordFile: fixture.directory.path("wrong-password"))
        case .missingBinary:
          fixture.restic(binary: fixture.directory.path("no-such-restic"))
        }
      try Data("not the password\n".utf8).write(to: URL(fileURLWithPath: fixture.directory.path("wrong-password")))
      let agent = try makeAgent("node1", in: fixture, root: root, store: ResticVolumeStore(restic: restic))

      for attempt in ["c1", "c2"] {
        let refused = await #expect(throws: VolumeDriverError.self) {
          try await agent.mount(VolumeMountRequest(name: "app", id: attempt))
        }
        #expect(refused?.message == "cannot reach the backup store, refusing to start app empty")
      }
      #expect(!directoryExists("\(root)/app/data"))
      #expect(await agent.records["app"]?.leaseEpoch == nil)
      #expect(await agent.records["app"]?.isMounted == false)
      // Each attempt took the lease to ask the store, then gave it back: another node may try at once.
      let lease = try await fixture.leases().read(volume: "app").lease
      #expect(lease?.holder == nil)
      #expect(lease?.epoch == 2)
    }
  }
}
