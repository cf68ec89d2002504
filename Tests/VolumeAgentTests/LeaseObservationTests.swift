import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// Another node's lease counts as live until this node has seen that very version unchanged for a whole TTL on its
/// own clock: a stale heartbeat time (clock skew, or a store that was away) never lets a node take a lease at once.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct LeaseObservationTests {
  @Test func aLeaseThatLooksExpiredIsTakenOnlyAfterATTLOfSeeingItUnchanged() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let leases = fixture.leases()
      // nodeA's lease, its heartbeat a minute old by the writer's clock: expired by the timestamp alone (TTL 3 s).
      let stale = Lease(epoch: 4, holder: "nodeA", heartbeatAt: Date().addingTimeInterval(-60))
      #expect(try await leases.write(volume: "db", lease: stale, expectedVersion: 0))
      let nodeB = try makeAgent("nodeB", in: fixture)
      try await whileRunning([nodeB]) {
        try await nodeB.create(VolumeCreateRequest(name: "db"))
        let firstTry = Date()
        await #expect(throws: VolumeDriverError.self) {
          _ = try await nodeB.mount(VolumeMountRequest(name: "db", id: "c1"))
        }
        let unchanged = try await leases.read(volume: "db")
        #expect(unchanged.version == 1 && unchanged.lease?.holder == "nodeA", "nothing was written")
        // Seen unchanged for the TTL (3 s) since the first read: now it may be taken, with the next epoch.
        try await Task.sleep(for: .seconds(max(0, 3.2 - Date().timeIntervalSince(firstTry))))
        _ = try await mountRetrying(nodeB, "db", id: "c1")
        let taken = try await leases.read(volume: "db").lease
        #expect(taken?.holder == "nodeB" && taken?.epoch == 5)
      }
    }
  }

  @Test func aHolderThatRenewsInTimeKeepsItsLease() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let leases = fixture.leases()
      let stale = Lease(epoch: 2, holder: "nodeA", heartbeatAt: Date().addingTimeInterval(-60))
      #expect(try await leases.write(volume: "db", lease: stale, expectedVersion: 0))
      let nodeB = try makeAgent("nodeB", in: fixture)
      try await whileRunning([nodeB]) {
        try await nodeB.create(VolumeCreateRequest(name: "db"))
        await #expect(throws: VolumeDriverError.self) {
          _ = try await nodeB.mount(VolumeMountRequest(name: "db", id: "c1"))
        }
        // nodeA comes back (its store was away) and renews before nodeB saw the old version for a TTL.
        #expect(try await leases.heartbeat(volume: "db", node: "nodeA", epoch: 2, now: Date()))
        try await Task.sleep(for: .seconds(2.5))
        let error = await #expect(throws: VolumeDriverError.self) {
          _ = try await nodeB.mount(VolumeMountRequest(name: "db", id: "c1"))
        }
        #expect(error?.message == "volume db is in use on node nodeA")
        #expect(try await leases.read(volume: "db").lease?.holder == "nodeA")
      }
    }
  }
}
