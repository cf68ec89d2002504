import Foundation
import Testing

@testable import VolumeDriver

@Suite struct LeaseStoreTests {
  @Test func twoNodesRacingForAFreeLeaseExactlyOneWins() async throws {
    for _ in 0..<50 {
      let store = InMemoryLeaseStore()
      async let first = store.acquire(volume: "db", node: "n1", now: t0, ttl: ttl)
      async let second = store.acquire(volume: "db", node: "n2", now: t0, ttl: ttl)
      let results = try await [first, second]
      let winners = results.compactMap { result -> String? in
        if case .held(let lease) = result { return lease.holder }
        return nil
      }
      #expect(winners.count == 1)
      let winner = winners.first ?? "none"
      #expect(results.contains(.inUse(holder: winner, epoch: 1)))
      #expect(try await store.read(volume: "db").lease?.holder == winners.first)
    }
  }

  @Test func bothNodesReadTheFreeLeaseThenBothWriteAndOnlyOneWriteLands() async throws {
    let store = InMemoryLeaseStore()
    let seenByN1 = try await store.read(volume: "db")
    let seenByN2 = try await store.read(volume: "db")
    let leaseN1 = try #require(Lease.takeOver(seenByN1.lease, by: "n1", now: t0, ttl: ttl).lease)
    let leaseN2 = try #require(Lease.takeOver(seenByN2.lease, by: "n2", now: t0, ttl: ttl).lease)
    #expect(leaseN1.epoch == 1 && leaseN2.epoch == 1)
    let wrote = [
      try await store.write(volume: "db", lease: leaseN1, expectedVersion: seenByN1.version),
      try await store.write(volume: "db", lease: leaseN2, expectedVersion: seenByN2.version),
    ]
    #expect(wrote == [true, false])
    #expect(try await store.acquire(volume: "db", node: "n2", now: t0, ttl: ttl) == .inUse(holder: "n1", epoch: 1))
  }

  @Test func aStaleWriteLosesTheCompareAndSwap() async throws {
    let store = InMemoryLeaseStore()
    let read = try await store.read(volume: "db")
    #expect(
      try await store.write(
        volume: "db", lease: Lease(epoch: 1, holder: "n1", heartbeatAt: t0), expectedVersion: read.version))
    #expect(
      !(try await store.write(
        volume: "db", lease: Lease(epoch: 1, holder: "n2", heartbeatAt: t0), expectedVersion: read.version)))
    #expect(
      try await store.read(volume: "db")
        == VersionedLease(lease: Lease(epoch: 1, holder: "n1", heartbeatAt: t0), version: 1))
  }

  @Test func anExpiredLeaseIsTakenOverWithTheNextEpochAndTheOldHolderCannotHeartbeat() async throws {
    let store = InMemoryLeaseStore()
    #expect(
      try await store.acquire(volume: "db", node: "n1", now: t0, ttl: ttl)
        == .held(Lease(epoch: 1, holder: "n1", heartbeatAt: t0)))
    let later = t0.addingTimeInterval(10)
    #expect(try await store.acquire(volume: "db", node: "n2", now: later, ttl: ttl) == .inUse(holder: "n1", epoch: 1))
    let dead = t0.addingTimeInterval(45)
    #expect(
      try await store.acquire(volume: "db", node: "n2", now: dead, ttl: ttl)
        == .held(Lease(epoch: 2, holder: "n2", heartbeatAt: dead)))
    #expect(!(try await store.heartbeat(volume: "db", node: "n1", epoch: 1, now: dead)))
    #expect(!(try await store.release(volume: "db", node: "n1", epoch: 1, now: dead)))
    #expect(try await store.heartbeat(volume: "db", node: "n2", epoch: 2, now: dead.addingTimeInterval(5)))
  }

  @Test func aReleaseKeepsTheEpochSoTheNextHolderGoesHigher() async throws {
    let store = InMemoryLeaseStore()
    _ = try await store.acquire(volume: "db", node: "n1", now: t0, ttl: ttl)
    #expect(try await store.release(volume: "db", node: "n1", epoch: 1, now: t0))
    #expect(
      try await store.acquire(volume: "db", node: "n2", now: t0, ttl: ttl)
        == .held(Lease(epoch: 2, holder: "n2", heartbeatAt: t0)))
  }

  @Test func anUnreachableStoreThrows() async {
    let store = InMemoryLeaseStore()
    await store.setUnreachable("connection refused")
    await #expect(throws: LeaseStoreUnreachable(reason: "connection refused")) {
      try await store.acquire(volume: "db", node: "n1", now: t0, ttl: ttl)
    }
  }
}
