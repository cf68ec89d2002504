import Backup
import Foundation
import Testing

@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic"))
struct ResticStdinTests {
  static let tags = SnapshotTags(volume: "db-data", kind: .dump, node: "node2", service: "shop_db")

  @Test func aSuccessfulDumpBecomesOneRestorableSnapshot() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let script =
        "i=0; while [ $i -lt 40000 ]; do echo \"INSERT INTO t VALUES ($i, '$DUMP_SECRET');\"; i=$((i+1)); done"
      let source = ProcessDumpSource(
        executable: "/bin/sh", arguments: ["-c", script], environment: ["DUMP_SECRET": "from-env"])
      let summary = try await restic.backupStdin(from: source, filename: "all-databases.sql", tags: Self.tags)
      #expect(summary.filesNew == 1)
      #expect(try fixture.plainSnapshotIDs(tag: "volume=db-data,kind=dump").count == 1)

      let target = fixture.path("restored")
      try await restic.restore(snapshot: "latest", target: target, tags: Self.tags)
      let dump = try String(contentsOfFile: target + "/all-databases.sql", encoding: .utf8)
      let lines = dump.split(separator: "\n")
      #expect(lines.count == 40000)
      #expect(lines.last == "INSERT INTO t VALUES (39999, 'from-env');")
    }
  }

  @Test func aDumpThatExitsNonZeroLeavesNoSnapshot() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let source = ProcessDumpSource(
        executable: "/bin/sh",
        arguments: ["-c", "head -c 2000000 /dev/urandom; echo 'Access denied for user root' >&2; exit 2"])
      do throws(ResticError) {
        _ = try await restic.backupStdin(from: source, filename: "dump.sql", tags: Self.tags)
        Issue.record("a failed dump must not succeed")
      } catch {
        guard case .producerFailed(let reason) = error else {
          Issue.record("expected producerFailed, got \(error)")
          return
        }
        #expect(reason.contains("exited with status 2"))
        #expect(reason.contains("Access denied"))
      }
      #expect(try fixture.plainSnapshotIDs(tag: "volume=db-data").isEmpty)
      #expect(try await restic.snapshots().isEmpty)
    }
  }

  @Test func aDumpKilledMidwayLeavesNoSnapshot() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let source = ProcessDumpSource(
        executable: "/bin/sh", arguments: ["-c", "head -c 1000000 /dev/zero; kill -9 $$"])
      do throws(ResticError) {
        _ = try await restic.backupStdin(from: source, filename: "dump.sql", tags: Self.tags)
        Issue.record("a killed dump must not succeed")
      } catch {
        #expect(error == .producerFailed(reason: "the dump killed by signal 9"))
      }
      #expect(try fixture.plainSnapshotIDs(tag: "volume=db-data").isEmpty)
      try await restic.check()
    }
  }

  @Test func aWrongPasswordWithADumpIsThePasswordErrorNotAHang() async throws {
    try await ResticFixture.with { fixture in
      _ = try await fixture.restic().initIfMissing()
      let source = ProcessDumpSource(executable: "/bin/sh", arguments: ["-c", "head -c 50000000 /dev/zero"])
      await #expect(throws: ResticError.wrongPassword(repository: fixture.repository)) {
        _ = try await fixture.restic(password: "wrong-\(UUID().uuidString)").backupStdin(
          from: source, filename: "dump.sql", tags: Self.tags)
      }
    }
  }
}
