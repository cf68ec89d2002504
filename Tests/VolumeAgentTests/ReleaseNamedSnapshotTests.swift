import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// A store that counts the listings (``VolumeSnapshotStore/newest(volume:)``) and forwards everything to restic.
final class ListingCounter: VolumeSnapshotStore, @unchecked Sendable {
  let inner: any VolumeSnapshotStore
  private let lock = NSLock()
  private var count = 0

  init(_ inner: any VolumeSnapshotStore) { self.inner = inner }

  var listings: Int { lock.withLock { count } }

  func newest(volume: String) async -> StoreAnswer {
    lock.withLock { count += 1 }
    return await inner.newest(volume: volume)
  }
  func restoreSize(_ snapshot: SnapshotRef) async throws -> Int64 { try await inner.restoreSize(snapshot) }
  func restore(_ snapshot: SnapshotRef, into directory: String) async throws {
    try await inner.restore(snapshot, into: directory)
  }
  func takeSnapshot(volume: String, directory: String, node: String, epoch: UInt64) async throws -> TakenSnapshot {
    try await inner.takeSnapshot(volume: volume, directory: directory, node: node, epoch: epoch)
  }
  func forget(_ snapshot: SnapshotRef) async throws { try await inner.forget(snapshot) }
}

/// A release names the final snapshot; the next node restores it without listing the store, and falls back to the
/// listing whenever that name cannot be trusted or used.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct ReleaseNamedSnapshotTests {
  /// node1 writes `text` into volume `app` and unmounts; returns the published final snapshot's ID.
  func leaveOnNode1(_ node1: VolumeAgentCore, text: String, in fixture: ResticRepositoryFixture) async throws -> String
  {
    let path = try await node1.mount(VolumeMountRequest(name: "app", id: "c1"))
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/notes.txt"))
    try await node1.unmount(VolumeMountRequest(name: "app", id: "c1"))
    #expect(try await eventually { try await fixture.leases().read(volume: "app").lease?.holder == nil })
    return try #require(try await fixture.snapshots(tag: "volume=app").first?.id)
  }

  @Test func theNextNodeRestoresTheNamedSnapshotWithoutListing() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let counter = ListingCounter(fixture.store())
      let node1 = try makeAgent("node1", in: fixture)
      let node2 = try makeAgent("node2", in: fixture, store: counter)
      try await whileRunning([node1, node2]) {
        let final = try await leaveOnNode1(node1, text: "from node1\n", in: fixture)
        let released = try #require(try await fixture.leases().read(volume: "app").lease)
        #expect(released.snapshot?.id == final)
        #expect(released.snapshot?.epoch == 1)

        let path = try await mountRetrying(node2, "app", id: "c2")
        #expect(text(at: "\(path)/notes.txt") == "from node1\n")
        #expect(counter.listings == 0, "the release named the newest snapshot")
        #expect(await node2.records["app"]?.base?.id == final)
        // The lease file keeps the snapshot's time to the millisecond (ISO 8601 with fractions).
        let listed = try #require(await fixture.store().newest(volume: "app").snapshot)
        let named = try #require(released.snapshot)
        #expect(named.id == listed.id && named.epoch == listed.epoch)
        #expect(abs(named.time.timeIntervalSince(listed.time)) < 0.001)
      }
    }
  }

  @Test func aTakeoverOfAnExpiredLeaseListsTheStore() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let counter = ListingCounter(fixture.store())
      let node1 = try makeAgent("node1", in: fixture)
      let node2 = try makeAgent("node2", in: fixture, store: counter)
      try await whileRunning([node1, node2]) {
        let final = try await leaveOnNode1(node1, text: "before the crash\n", in: fixture)
        // A node ("ghost") took the lease and vanished: its lease names a snapshot, but nothing it says counts.
        let leases = fixture.leases()
        let current = try await leases.read(volume: "app")
        let ghost = Lease(
          epoch: 2, holder: "ghost", heartbeatAt: Date().addingTimeInterval(-60),
          snapshot: SnapshotRef(id: "0000", epoch: 1, time: Date()))
        #expect(try await leases.write(volume: "app", lease: ghost, expectedVersion: current.version))

        let path = try await mountUntil(node2, "app", id: "c2", timeout: 20)
        #expect(text(at: "\(path)/notes.txt") == "before the crash\n")
        #expect(counter.listings >= 1)
        #expect(await node2.records["app"]?.base?.id == final)
        #expect(try await leases.read(volume: "app").lease?.epoch == 3)
      }
    }
  }

  @Test func aNamedSnapshotThatIsGoneFallsBackToTheListing() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let counter = ListingCounter(fixture.store())
      let node1 = try makeAgent("node1", in: fixture)
      let node2 = try makeAgent("node2", in: fixture, store: counter)
      try await whileRunning([node1, node2]) {
        let final = try await leaveOnNode1(node1, text: "kept\n", in: fixture)
        // The release names a snapshot restic does not have (say, forgotten by hand since).
        let leases = fixture.leases()
        let current = try await leases.read(volume: "app")
        var wrong = try #require(current.lease)
        wrong.snapshot = SnapshotRef(id: String(repeating: "ab", count: 32), epoch: 1, time: Date())
        #expect(try await leases.write(volume: "app", lease: wrong, expectedVersion: current.version))

        let path = try await mountUntil(node2, "app", id: "c2", timeout: 20)
        #expect(text(at: "\(path)/notes.txt") == "kept\n")
        #expect(counter.listings >= 1)
        #expect(await node2.records["app"]?.base?.id == final)
      }
    }
  }
}

/// Mounts like the swarm would, retrying any refusal until `timeout` (an expired lease needs a TTL of observation).
func mountUntil(_ agent: VolumeAgentCore, _ name: String, id: String, timeout: Double) async throws -> String {
  let deadline = Date().addingTimeInterval(timeout)
  while true {
    do {
      return try await agent.mount(VolumeMountRequest(name: name, id: id))
    } catch let error as VolumeDriverError where Date() < deadline {
      _ = error
      try await Task.sleep(for: .milliseconds(300))
    }
  }
}

extension StoreAnswer {
  fileprivate var snapshot: SnapshotRef? {
    if case .newest(let ref) = self { ref } else { nil }
  }
}
