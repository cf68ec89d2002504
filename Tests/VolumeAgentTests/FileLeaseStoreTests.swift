import Foundation
import Testing
import VolumeDriver

@testable import VolumeAgent

/// `FileLeaseStore` on real files in a temporary folder: compare-and-swap by `link(2)`, leases, pruning, an absent
/// store, and a race of many nodes.
@Suite struct FileLeaseStoreTests {
  /// Whole seconds: lease files keep ISO 8601 times without fractions.
  let start = Date(timeIntervalSince1970: 1_800_000_000)

  /// A store in `DIR/anchor/skep/leases`, reachable while `DIR/anchor` exists with its `config` (a repository's).
  func store(in directory: TemporaryDirectory) throws -> FileLeaseStore {
    let anchor = directory.path("anchor")
    try FileManager.default.createDirectory(atPath: anchor, withIntermediateDirectories: true)
    try Data("repository config".utf8).write(to: URL(fileURLWithPath: anchor + "/config"))
    return FileLeaseStore(repository: anchor)
  }

  /// The lease version files of `volume`, sorted.
  func files(_ store: FileLeaseStore, _ volume: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: (store.directory as NSString).appendingPathComponent(volume))
      .sorted()
  }

  /// A lease file the previous version wrote (whole-second times, no `snapshot`) still reads, and a release that
  /// names a snapshot keeps its restic time to the millisecond.
  @Test func olderLeaseFilesReadAndNamedSnapshotsKeepMilliseconds() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let folder = (leases.directory as NSString).appendingPathComponent("db")
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try Data(#"{"epoch":3,"heartbeatAt":"2027-01-15T08:00:00Z","holder":"node2"}"#.utf8).write(
        to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(FileLeaseStore.fileName(1))))
      let old = try await leases.read(volume: "db")
      #expect(old.version == 1)
      let written = try Date.ISO8601FormatStyle().parse("2027-01-15T08:00:00Z")
      #expect(old.lease == Lease(epoch: 3, holder: "node2", heartbeatAt: written))

      let time = start.addingTimeInterval(0.25)
      let named = SnapshotRef(id: "abc", epoch: 3, time: time)
      let released = Lease(epoch: 3, holder: nil, heartbeatAt: start, snapshot: named)
      #expect(try await leases.write(volume: "db", lease: released, expectedVersion: 1))
      let back = try await leases.read(volume: "db")
      #expect(back.lease?.snapshot?.id == "abc")
      #expect(abs((back.lease?.snapshot?.time.timeIntervalSince(time)) ?? 1) < 0.001)
    }
  }

  @Test func aVolumeWithoutLeaseReadsAsVersionZero() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let read = try await leases.read(volume: "db")
      #expect(read == VersionedLease(lease: nil, version: 0))
      // A read creates nothing.
      #expect(!FileManager.default.fileExists(atPath: leases.directory))
    }
  }

  @Test func aWriteNamingTheCurrentVersionWinsOnceOnly() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let first = Lease(epoch: 1, holder: "A", heartbeatAt: start)
      let rival = Lease(epoch: 1, holder: "B", heartbeatAt: start)
      #expect(try await leases.write(volume: "db", lease: first, expectedVersion: 0))
      #expect(try await leases.write(volume: "db", lease: rival, expectedVersion: 0) == false)
      #expect(try await leases.read(volume: "db") == VersionedLease(lease: first, version: 1))

      let renewed = Lease(epoch: 1, holder: "A", heartbeatAt: start.addingTimeInterval(10))
      #expect(try await leases.write(volume: "db", lease: renewed, expectedVersion: 1))
      #expect(try await leases.write(volume: "db", lease: rival, expectedVersion: 1) == false)
      #expect(try await leases.read(volume: "db") == VersionedLease(lease: renewed, version: 2))
      #expect(try files(leases, "db") == [FileLeaseStore.fileName(1), FileLeaseStore.fileName(2)])
    }
  }

  @Test func aSecondNodeFindsTheVolumeInUseUntilTheLeaseExpires() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let taken = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      #expect(taken == .held(Lease(epoch: 1, holder: "A", heartbeatAt: start)))

      let refused = try await leases.acquire(volume: "db", node: "B", now: start.addingTimeInterval(44), ttl: 45)
      #expect(refused == .inUse(holder: "A", epoch: 1))

      let later = start.addingTimeInterval(45)
      let takenOver = try await leases.acquire(volume: "db", node: "B", now: later, ttl: 45)
      #expect(takenOver == .held(Lease(epoch: 2, holder: "B", heartbeatAt: later)))
      #expect(try await leases.read(volume: "db").lease == Lease(epoch: 2, holder: "B", heartbeatAt: later))
      // A's heartbeat of its old epoch no longer counts.
      #expect(try await leases.heartbeat(volume: "db", node: "A", epoch: 1, now: later) == false)
      #expect(try await leases.read(volume: "db").lease?.holder == "B")
    }
  }

  @Test func aReleaseKeepsTheEpochAndFreesTheVolumeAtOnce() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      _ = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      let released = start.addingTimeInterval(1)
      #expect(try await leases.release(volume: "db", node: "A", epoch: 1, now: released))
      #expect(try await leases.read(volume: "db").lease == Lease(epoch: 1, holder: nil, heartbeatAt: released))
      #expect(try await leases.release(volume: "db", node: "A", epoch: 1, now: released) == false)

      let next = start.addingTimeInterval(2)
      #expect(
        try await leases.acquire(volume: "db", node: "B", now: next, ttl: 45)
          == .held(Lease(epoch: 2, holder: "B", heartbeatAt: next)))
    }
  }

  @Test func oldVersionsArePruned() async throws {
    try await TemporaryDirectory.with { directory in
      var leases = try store(in: directory)
      leases.keptVersions = 3
      _ = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      for beat in 1...10 {
        let now = start.addingTimeInterval(Double(beat))
        #expect(try await leases.heartbeat(volume: "db", node: "A", epoch: 1, now: now))
      }
      // Eleven writes: only the newest three versions stay, and no temporary file.
      #expect(try files(leases, "db") == [9, 10, 11].map(FileLeaseStore.fileName))
      let read = try await leases.read(volume: "db")
      #expect(read == VersionedLease(lease: Lease(epoch: 1, holder: "A", heartbeatAt: start + 10), version: 11))
    }
  }

  @Test func aWriteNamingAVersionThatWasPrunedFails() async throws {
    try await TemporaryDirectory.with { directory in
      var leases = try store(in: directory)
      leases.keptVersions = 3
      let lease = Lease(epoch: 1, holder: "A", heartbeatAt: start)
      for version in 0..<10 {
        #expect(try await leases.write(volume: "db", lease: lease, expectedVersion: UInt64(version)))
      }
      #expect(try files(leases, "db") == [8, 9, 10].map(FileLeaseStore.fileName))
      // A node that read an old version long ago (its successor's file may be pruned by now) must lose, as against
      // any write since: of two writes naming the same version, one already won.
      let stale = Lease(epoch: 2, holder: "B", heartbeatAt: start)
      for version in 0..<10 {
        #expect(
          try await leases.write(volume: "db", lease: stale, expectedVersion: UInt64(version)) == false,
          "a write naming version \(version)")
      }
      #expect(try await leases.read(volume: "db") == VersionedLease(lease: lease, version: 10))
      #expect(try files(leases, "db") == [8, 9, 10].map(FileLeaseStore.fileName))
    }
  }

  @Test func keepingNoVersionsStillKeepsTheNewest() async throws {
    try await TemporaryDirectory.with { directory in
      var leases = try store(in: directory)
      leases.keptVersions = 0
      _ = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      #expect(try await leases.heartbeat(volume: "db", node: "A", epoch: 1, now: start + 1))
      #expect(try await leases.read(volume: "db").version == 2)
      #expect(try files(leases, "db") == [FileLeaseStore.fileName(2)])
    }
  }

  @Test func aMissingRepositoryIsUnreachableNeverFree() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      _ = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      // The share is not mounted: its mount point is empty, the repository folder gone.
      try FileManager.default.moveItem(atPath: leases.anchor, toPath: directory.path("elsewhere"))

      await #expect(throws: LeaseStoreError.self) { try await leases.read(volume: "db") }
      await #expect(throws: LeaseStoreError.self) { try await leases.read(volume: "never-seen") }
      let lease = Lease(epoch: 2, holder: "B", heartbeatAt: start)
      let error = await #expect(throws: LeaseStoreError.self) {
        try await leases.write(volume: "db", lease: lease, expectedVersion: 1)
      }
      guard case .unreachable? = error else {
        Issue.record("expected .unreachable, got \(String(describing: error))")
        return
      }
      await #expect(throws: LeaseStoreError.self) {
        try await leases.acquire(volume: "db", node: "B", now: start.addingTimeInterval(100), ttl: 45)
      }
      // Nothing was written in the empty mount point.
      #expect(!FileManager.default.fileExists(atPath: leases.anchor))
    }
  }

  @Test func anAnchorThatIsAFileIsUnreachable() async throws {
    try await TemporaryDirectory.with { directory in
      let anchor = directory.path("anchor")
      try Data().write(to: URL(fileURLWithPath: anchor))
      let leases = FileLeaseStore(directory: directory.path("leases"), anchor: anchor)
      let error = await #expect(throws: LeaseStoreError.self) { try await leases.read(volume: "db") }
      #expect(error.map { "\($0)" }?.contains("is not there") == true)
    }
  }

  @Test func aDamagedLeaseFileIsReportedNotIgnored() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      _ = try await leases.acquire(volume: "db", node: "A", now: start, ttl: 45)
      let folder = (leases.directory as NSString).appendingPathComponent("db")
      try Data("not a lease".utf8).write(
        to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(FileLeaseStore.fileName(2))))
      let error = await #expect(throws: LeaseStoreError.self) { try await leases.read(volume: "db") }
      guard case .damaged? = error else {
        Issue.record("expected .damaged, got \(String(describing: error))")
        return
      }
    }
  }

  @Test func aVolumeNameCannotLeaveTheLeaseFolder() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let lease = Lease(epoch: 1, holder: "A", heartbeatAt: start)
      await #expect(throws: VolumeDriverError.self) {
        try await leases.write(volume: "../escape", lease: lease, expectedVersion: 0)
      }
      #expect(
        !FileManager.default.fileExists(atPath: (leases.directory as NSString).appendingPathComponent("../escape")))
    }
  }

  @Test func aReadRacingTheFirstWriteOfAVolumeNeverReportsTheStoreUnreachable() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      let lease = Lease(epoch: 1, holder: "A", heartbeatAt: start)
      let volumes = (1...300).map { "vol\($0)" }
      // Either order is fine (version 0 before the write, 1 after); an error is not.
      let versions = try await withThrowingTaskGroup(of: UInt64?.self) { group in
        for volume in volumes {
          group.addTask {
            _ = try await leases.write(volume: volume, lease: lease, expectedVersion: 0)
            return nil
          }
          group.addTask { try await leases.read(volume: volume).version }
        }
        return try await group.reduce(into: [UInt64]()) { if let version = $1 { $0.append(version) } }
      }
      #expect(versions.count == volumes.count)
      #expect(versions.allSatisfy { $0 <= 1 })
    }
  }

  /// restic recreates a repository folder when a backup in flight saves a file after the share went away: such a
  /// folder (no `config`) is not the repository, and no lease is read or written there.
  @Test func aRepositoryFolderWithoutConfigIsUnreachable() async throws {
    try await TemporaryDirectory.with { directory in
      let leases = try store(in: directory)
      try FileManager.default.removeItem(atPath: leases.anchor + "/config")
      try FileManager.default.createDirectory(atPath: leases.anchor + "/snapshots", withIntermediateDirectories: true)
      await #expect(throws: LeaseStoreError.self) { _ = try await leases.read(volume: "db") }
      await #expect(throws: LeaseStoreError.self) {
        _ = try await leases.acquire(volume: "db", node: "node1", now: Date(), ttl: 45)
      }
      #expect(!FileManager.default.fileExists(atPath: leases.anchor + "/skep"), "nothing written there")
    }
  }

  @Test func manyNodesRacingForFreshVolumesLeaveOneHolderEach() async throws {
    try await TemporaryDirectory.with { directory in
      let anchor = try store(in: directory).anchor
      let volumes = (1...20).map { "vol\($0)" }
      let nodes = (1...20).map { "node\($0)" }
      let now = start
      let results = try await withThrowingTaskGroup(of: (String, String, LeaseAcquisition).self) { group in
        for volume in volumes {
          for node in nodes {
            group.addTask {
              // Every node has its own store value, as every host would.
              let leases = FileLeaseStore(repository: anchor)
              return (volume, node, try await leases.acquire(volume: volume, node: node, now: now, ttl: 45))
            }
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(results.count == volumes.count * nodes.count)
      for volume in volumes {
        let answers = results.filter { $0.0 == volume }
        let winners = answers.compactMap { answer -> String? in
          if case .held(let lease) = answer.2, lease.epoch == 1, lease.holder == answer.1 { return answer.1 }
          return nil
        }
        #expect(winners.count == 1, "\(volume): \(answers.map(\.2))")
        guard let winner = winners.first else { continue }
        for answer in answers where answer.1 != winner {
          switch answer.2 {
          case .inUse(let holder, let epoch): #expect(holder == winner && epoch == 1)
          case .contended: break
          case .held: Issue.record("\(volume): \(answer.1) also holds it")
          }
        }
        let stored = try await FileLeaseStore(repository: anchor).read(volume: volume)
        #expect(stored == VersionedLease(lease: Lease(epoch: 1, holder: winner, heartbeatAt: now), version: 1))
      }
    }
  }
}
