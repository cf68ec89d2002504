import Backup
import Foundation
import Testing

@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic"))
struct ResticErrorTests {
  @Test func wrongPasswordIsTypedAndNeverQuotesThePassword() async throws {
    try await ResticFixture.with { fixture in
      _ = try await fixture.restic().initIfMissing()
      let wrong = "not-the-password-\(UUID().uuidString)"
      await #expect(throws: ResticError.wrongPassword(repository: fixture.repository)) {
        _ = try await fixture.restic(password: wrong).snapshots()
      }
      do throws(ResticError) {
        _ = try await fixture.restic(password: wrong).initIfMissing()
        Issue.record("init with a wrong password must fail")
      } catch {
        #expect(error == .wrongPassword(repository: fixture.repository))
        #expect(!error.description.contains(wrong))
        #expect(!error.description.contains(fixture.password))
        #expect(error.description.contains("wrong password or no key found"))
      }
    }
  }

  /// restic 0.14 refuses to save a snapshot of an empty folder; that is told apart from a failure.
  @Test func anEmptyFolderIsAnEmptySnapshotNotAFailure() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let empty = fixture.path("empty")
      try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
      await #expect(throws: ResticError.emptySnapshot) {
        _ = try await restic.backup(path: empty, tags: SnapshotTags(volume: "empty", kind: .files, node: "node1"))
      }
      #expect(try fixture.plainSnapshotIDs(tag: "volume=empty").isEmpty)
    }
  }

  @Test func missingRepositoryIsNotFound() async throws {
    try await ResticFixture.with { fixture in
      do throws(ResticError) {
        _ = try await fixture.restic().snapshots()
        Issue.record("expected an error")
      } catch {
        guard case .repositoryNotFound(let repository, let message) = error else {
          Issue.record("expected repositoryNotFound, got \(error)")
          return
        }
        #expect(repository == fixture.repository)
        #expect(message.contains("unable to open config file"))
      }
    }
  }

  @Test func missingBinary() async throws {
    try await ResticFixture.with { fixture in
      var restic = fixture.restic()
      restic.binary = fixture.path("no-restic-here")
      await #expect(throws: ResticError.binaryMissing(path: fixture.path("no-restic-here"))) {
        _ = try await restic.initIfMissing()
      }
    }
  }

  @Test func aHeldLockIsReportedAsLocked() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      // A slow stdin backup holds a shared lock; check needs an exclusive one. Wait until the lock file exists
      // (restic may start slowly on a busy machine) instead of guessing a delay.
      let holder = ProcessDumpSource(executable: "/bin/sh", arguments: ["-c", "sleep 12; echo done"])
      async let held = restic.backupStdin(
        from: holder, filename: "slow.txt", tags: SnapshotTags(volume: "slow", kind: .dump))
      let locks = fixture.repository + "/locks"
      let deadline = ContinuousClock.now + .seconds(10)
      while (try? FileManager.default.contentsOfDirectory(atPath: locks))?.isEmpty ?? true,
        ContinuousClock.now < deadline
      {
        try await Task.sleep(for: .milliseconds(50))
      }
      #expect((try? FileManager.default.contentsOfDirectory(atPath: locks))?.isEmpty == false)
      do throws(ResticError) {
        try await restic.check()
        Issue.record("check must fail while the repository is locked")
      } catch {
        guard case .locked(let message) = error else {
          Issue.record("expected locked, got \(error)")
          return
        }
        #expect(message.contains("repository is already locked"))
        #expect(error.description.contains("restic unlock"))
      }
      #expect(try await held.filesNew == 1)
      try await restic.unlock()
    }
  }
}
