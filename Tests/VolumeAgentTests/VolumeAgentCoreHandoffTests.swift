import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// Two agents ("nodes") with their own roots on one repository and lease folder: a volume moves from node to node
/// through the final snapshot at Unmount, under increasing lease epochs.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct VolumeAgentCoreHandoffTests {
  @Test func aVolumeMovesBetweenNodesThroughItsFinalSnapshot() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let leases = fixture.leases()
      let node1 = try makeAgent("node1", in: fixture)
      let node2 = try makeAgent("node2", in: fixture)
      try await whileRunning([node1, node2]) {
        // node1 starts the volume empty, a container writes, the container stops.
        try await node1.create(VolumeCreateRequest(name: "app"))
        let first = try await node1.mount(VolumeMountRequest(name: "app", id: "c1"))
        try FileManager.default.createDirectory(atPath: "\(first)/sub", withIntermediateDirectories: true)
        try Data("written on node1\n".utf8).write(to: URL(fileURLWithPath: "\(first)/notes.txt"))
        try Data([0, 1, 2, 255]).write(to: URL(fileURLWithPath: "\(first)/sub/blob"))
        try await node1.unmount(VolumeMountRequest(name: "app", id: "c1"))

        // The final snapshot is published under epoch 1, then the lease is released (epoch kept).
        #expect(try await eventually { try await leases.read(volume: "app").lease?.holder == nil })
        let snapshots = try await fixture.snapshots(tag: "volume=app")
        #expect(snapshots.count == 1)
        let snapshot = try #require(snapshots.first)
        #expect(Set(snapshot.tags ?? []).isSuperset(of: ["volume=app", "kind=files", "epoch=1", "node=node1"]))
        #expect(try await leases.read(volume: "app").lease?.epoch == 1)
        let left = try #require(await node1.records["app"])
        #expect(left.leaseEpoch == nil)
        #expect(!left.finalSnapshotPending)
        #expect(left.base?.id == snapshot.id)

        // node2 restores it (the swarm retries while it says "restoring") under epoch 2.
        try await node2.create(VolumeCreateRequest(name: "app"))
        let second = try await mountRetrying(node2, "app", id: "c2")
        #expect(second == fixture.directory.path("root-node2") + "/app/data")
        #expect(text(at: "\(second)/notes.txt") == "written on node1\n")
        #expect(FileManager.default.contents(atPath: "\(second)/sub/blob") == Data([0, 1, 2, 255]))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("root-node2") + "/app/incoming"))
        let held = try await leases.read(volume: "app").lease
        #expect(held?.epoch == 2)
        #expect(held?.holder == "node2")
        #expect(await node2.records["app"]?.leaseEpoch == 2)
        #expect(try await node2.get(VolumeNameRequest(name: "app")).status?["leaseEpoch"] == "2")

        // While node2 holds it, node1 is refused, and nothing changes on node1.
        let refused = await #expect(throws: VolumeDriverError.self) {
          try await node1.mount(VolumeMountRequest(name: "app", id: "c3"))
        }
        #expect(refused?.message == "volume app is in use on node node2")
        #expect(await node1.records["app"] == left)

        // And back: node2's change replaces node1's older local copy.
        try Data("written on node2\n".utf8).write(to: URL(fileURLWithPath: "\(second)/notes.txt"))
        try await node2.unmount(VolumeMountRequest(name: "app", id: "c2"))
        #expect(try await eventually { try await leases.read(volume: "app").lease?.holder == nil })
        let fromNode2 = try await fixture.snapshots(tag: "volume=app,epoch=2,node=node2")
        #expect(fromNode2.count == 1)
        let third = try await mountRetrying(node1, "app", id: "c3")
        #expect(third == first)
        #expect(text(at: "\(third)/notes.txt") == "written on node2\n")
        #expect(try await leases.read(volume: "app").lease?.epoch == 3)
        #expect(await node1.records["app"]?.base?.id == fromNode2.first?.id)
      }
    }
  }

  @Test func aNodeWhoseLeaseWasTakenOverNoticesAtItsNextHeartbeat() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let leases = fixture.leases()
      let node1 = try makeAgent("node1", in: fixture)
      try await whileRunning([node1]) {
        _ = try await node1.mount(VolumeMountRequest(name: "app", id: "c1"))
        // Heartbeats keep the 3 s lease alive well past its TTL.
        try await Task.sleep(for: .seconds(4))
        let renewed = try await leases.read(volume: "app")
        #expect(renewed.lease?.holder == "node1")
        #expect(renewed.lease?.isLive(now: Date(), ttl: 3) == true)

        // Another node took it over (as after a partition longer than the TTL).
        // Whole seconds (lease files keep no fractions), and fresh for the rest of the test.
        let takeover = Lease(
          epoch: 2, holder: "node2",
          heartbeatAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded() + 30))
        var written = false
        for _ in 0..<5 where !written {
          let current = try await leases.read(volume: "app")
          written = try await leases.write(volume: "app", lease: takeover, expectedVersion: current.version)
        }
        #expect(written)
        #expect(try await eventually(timeout: 5) { await node1.records["app"]?.leaseEpoch == nil })

        // The last container leaves: no snapshot under a lost lease, and the lease stays node2's.
        try await node1.unmount(VolumeMountRequest(name: "app", id: "c1"))
        let record = try #require(await node1.records["app"])
        #expect(!record.finalSnapshotPending)
        #expect(!record.isMounted)
        #expect(try await leases.read(volume: "app").lease == takeover)
        let refused = await #expect(throws: VolumeDriverError.self) {
          try await node1.mount(VolumeMountRequest(name: "app", id: "c2"))
        }
        #expect(refused?.message == "volume app is in use on node node2")
      }
    }
  }
}
