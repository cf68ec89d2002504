import Backup
import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// `ResticVolumeStore` against a real repository: epoch tags, the newest snapshot by epoch, restores, forget.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct ResticVolumeStoreTests {
  @Test func theNewestSnapshotIsTheHighestEpochWhateverTheClockSays() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let store = fixture.store()
      #expect(await store.newest(volume: "app") == .noSnapshots)

      let data = fixture.directory.path("data")
      try FileManager.default.createDirectory(atPath: "\(data)/sub", withIntermediateDirectories: true)
      try Data("epoch two\n".utf8).write(to: URL(fileURLWithPath: "\(data)/sub/file"))
      let current = try await store.snapshot(volume: "app", directory: data, node: "node2", epoch: 2)
      // Later in time, but from a node that lost its lease, and one `skep backup` took with no epoch at all.
      try Data("stale\n".utf8).write(to: URL(fileURLWithPath: "\(data)/sub/file"))
      let stale = try await store.snapshot(volume: "app", directory: data, node: "node1", epoch: 1)
      let plain = try await fixture.restic().backup(
        path: data, tags: SnapshotTags(volume: "app", kind: .files, node: "node1"))

      #expect(current.epoch == 2)
      #expect(current.id.count == 64)
      #expect(stale.time >= current.time)
      #expect(await store.newest(volume: "app") == .newest(current))
      #expect(await store.newest(volume: "other") == .noSnapshots)

      let listed = try await fixture.snapshots(tag: "volume=app")
      #expect(listed.count == 3)
      let tags = listed.first { $0.id == current.id }.map { Set($0.tags ?? []) }
      #expect(tags == ["volume=app", "kind=files", "node=node2", "epoch=2"])
      #expect(listed.allSatisfy { $0.hostname == "skep" })
      #expect(
        listed.contains { $0.id.hasPrefix(plain.snapshotID) && !($0.tags ?? []).contains { $0.hasPrefix("epoch=") } })

      // Restored straight into the folder, as the agent then mounts it.
      let target = fixture.directory.path("incoming")
      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
      try await store.restore(current, into: target)
      #expect(text(at: "\(target)/sub/file") == "epoch two\n")
      #expect(try await store.restoreSize(current) == Int64("epoch two\n".utf8.count))

      try await store.forget(current)
      #expect(await store.newest(volume: "app") == .newest(stale))
    }
  }

  @Test func aStoreThatCannotBeAskedIsUnreachableNeverEmpty() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let wrong = fixture.directory.path("wrong-password")
      try Data("not the password\n".utf8).write(to: URL(fileURLWithPath: wrong))
      let answer = await ResticVolumeStore(restic: fixture.restic(passwordFile: wrong)).newest(volume: "app")
      guard case .unreachable(let reason) = answer else {
        Issue.record("expected .unreachable, got \(answer)")
        return
      }
      #expect(!reason.isEmpty)
    }
  }
}
