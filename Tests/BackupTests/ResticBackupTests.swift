import Backup
import Foundation
import Testing

@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic"))
struct ResticBackupTests {
  @Test func initIsIdempotentAndMakesAVersion2Repository() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      #expect(try await restic.initIfMissing() == .created)
      #expect(try await restic.initIfMissing() == .existing)
      let config = try fixture.plain(["cat", "config"])
      #expect(config.status == 0)
      #expect(config.stdout.contains("\"version\": 2"))
    }
  }

  @Test func oneBackupIsOneSnapshotThatPlainResticRestoresExactly() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let data = fixture.path("volume")
      try VolumeTree.make(at: data)
      let original = try VolumeTree.read(data)
      let tags = SnapshotTags(volume: "app-data", kind: .files, node: "node1", stack: "app", service: "app_db")

      let summary = try await restic.backup(path: data, tags: tags)
      // restic counts regular files only, not symlinks.
      #expect(summary.filesNew == original.values.filter { $0.kind == "file" }.count)
      #expect(summary.totalBytesProcessed > 3 << 20)
      #expect(summary.snapshotID.count == 8)

      let ids = try fixture.plainSnapshotIDs(tag: "volume=app-data")
      #expect(ids.count == 1)
      #expect(ids.first?.hasPrefix(summary.snapshotID) == true)
      let listed = try await restic.snapshots(tags: SnapshotTags(volume: "app-data"))
      #expect(listed.map(\.hostname) == ["skep"])
      #expect(listed.first?.skepTags == tags)

      let target = fixture.path("restored")
      let restore = try fixture.plain(["restore", "latest", "--tag", "volume=app-data", "--target", target])
      #expect(restore.status == 0, "\(restore.stderr)")
      let restored = try VolumeTree.read(target)
      #expect(restored.keys.sorted() == original.keys.sorted())
      for (path, entry) in original {
        #expect(restored[path] == entry, "\(path) differs after restore")
      }
      #expect(restored["sub/dangling"]?.link == "/nowhere/at/all")
      #expect(restored["private.key"]?.mode == 0o600)
      #expect(restored["run.sh"]?.mode == 0o755)
    }
  }

  @Test func unchangedRerunAddsNoFilesAndSkepRestoreWorksToo() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let data = fixture.path("volume")
      try VolumeTree.make(at: data, smallFiles: 20, largeBytes: 1 << 20)
      let tags = SnapshotTags(volume: "web", kind: .files, node: "node2")
      let first = try await restic.backup(path: data, tags: tags, excludes: ["*.sh"])
      let second = try await restic.backup(path: data, tags: tags, excludes: ["*.sh"])
      #expect(second.filesNew == 0)
      #expect(second.filesUnmodified == first.filesNew)
      #expect(second.dataAdded < 64 << 10)
      #expect(try fixture.plainSnapshotIDs(tag: "volume=web").count == 2)

      let target = fixture.path("restored")
      try await restic.restore(snapshot: "latest", target: target, tags: SnapshotTags(volume: "web"))
      let restored = try VolumeTree.read(target)
      #expect(restored["run.sh"] == nil, "excluded by --exclude")
      #expect(restored["large.bin"] == (try VolumeTree.read(data))["large.bin"])
      try await restic.check(readDataSubset: "50%")
    }
  }
}
