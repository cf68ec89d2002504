import DockerEngine
import Foundation
import SkepConfig
import Testing

@testable import Backup

/// The pieces of `skep backup forget`: the policy and result wire formats, the job, and `--volume`.
struct ForgetWireTests {
  @Test func policyRoundTripsThroughJSON() throws {
    let policy = RetentionPolicy(last: 2, daily: 7, weekly: 4, monthly: 3)
    let text = try RetentionPolicyJSON.encode(policy)
    #expect(text == #"{"daily":7,"last":2,"monthly":3,"weekly":4}"#)
    #expect(try RetentionPolicyJSON.decode(text) == policy)
  }

  @Test func policyJSONRefusesUnknownKeysAndNegativeCounts() {
    #expect(throws: JobError.self) { try RetentionPolicyJSON.decode(#"{"keep-daily":7}"#) }
    #expect(throws: JobError.self) { try RetentionPolicyJSON.decode(#"{"daily":-1}"#) }
  }

  @Test func forgetLineRoundTripsAndIgnoresOtherLines() throws {
    let line = ForgetLine(volume: "db,data", kind: "dump", kept: ["a1"], removed: ["b2", "c3"])
    #expect(ForgetLine.parse(line: try line.jsonLine()) == line)
    #expect(ForgetLine.parse(line: "using parent snapshot") == nil)
    #expect(ForgetLine.parse(line: #"{"message_type":"summary"}"#) == nil)
  }

  @Test func theJobRunsTheAgentOnOneManagerWithoutThePassword() {
    let job = BackupJobs.agentForget(
      name: "skep-backup-forget-x", image: "reg/skep:latest", repository: "/srv/nas/restic",
      repositoryKind: .local, policyJSON: #"{"daily":7}"#, volumes: ["a", "b"], dryRun: true)
    #expect(
      job.command == [
        "skep", "agent", "forget", "--repository", "/srv/nas/restic", "--password-file", SwarmJobSpec.passwordFile,
        "--policy-json", #"{"daily":7}"#, "--volume", "a", "--volume", "b", "--dry-run",
      ])
    #expect(job.constraints == ["node.role==manager"])
    #expect(job.mounts.map(\.target) == ["/srv/nas/restic"])
    let spec = job.serviceSpec(secretID: "secret-id")
    #expect(spec.taskTemplate.containerSpec.secrets?.map(\.secretName) == [SwarmJobSpec.passwordSecretName])
    let s3 = BackupJobs.agentForget(
      name: "n", image: "i", repository: "s3:https://s3.example/b", repositoryKind: .s3, policyJSON: "{}")
    #expect(s3.mounts.isEmpty && !s3.command.contains("--dry-run"))
  }
}

/// A lock is only called stale when restic failed on it and no skep job runs.
struct StaleLockTests {
  static func result(stderr: [String], succeeded: Bool = false) -> SwarmJob.Result {
    let frames = stderr.map { LogFrame(.stderr, $0 + "\n") }
    return SwarmJob.Result(
      name: "job",
      outcomes: [
        .init(node: "node1", outcome: succeeded ? .complete : .failed(state: "failed", reason: "", exitCode: 1))
      ],
      logs: JobLogs(frames: frames))
  }

  @Test func aLockFailureIsRecognisedAndItsHolderQuoted() {
    let line = "repository is already locked exclusively by PID 12 on 3f2a by root (UID 0, GID 0)"
    let locked = Self.result(stderr: ["unable to create lock in backend: " + line, "the `unlock` command can be used"])
    #expect(StaleLock.isLocked(locked))
    #expect(StaleLock.holder(locked).contains("PID 12 on 3f2a"))
    #expect(!StaleLock.isLocked(Self.result(stderr: ["Fatal: wrong password or no key found"])))
    #expect(!StaleLock.isLocked(Self.result(stderr: [line], succeeded: true)))
  }

  @Test func onlySkepJobsCountAsRunning() {
    let services = [
      (name: "web", labels: ["app": "x"]), (name: "skep-backup-2026", labels: [SwarmJobSpec.jobLabel: "backup"]),
    ]
    #expect(StaleLock.runningJobs(services) == ["skep-backup-2026"])
    #expect(StaleLock.runningJobs([(name: "web", labels: [:])]).isEmpty)
  }
}

/// `Restic.forget(policy:volumes:…)` touches only the chosen volumes.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic"))
struct ForgetVolumesTests {
  @Test func onlyTheChosenVolumesAreForgotten() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let data = fixture.path("data")
      try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
      try Data("x".utf8).write(to: URL(fileURLWithPath: data + "/file"))
      let start = Date(timeIntervalSince1970: 1_736_164_800)
      for day in 0..<3 {
        for volume in ["keep-me", "trim-me"] {
          _ = try await restic.backup(
            path: data, tags: SnapshotTags(volume: volume, kind: .files, node: "node1"),
            time: start.addingTimeInterval(Double(day) * 86_400))
        }
      }
      let results = try await restic.forget(policy: RetentionPolicy(last: 1), volumes: ["trim-me"], prune: true)
      #expect(results.map(\.group.volume) == ["trim-me"])
      #expect(results.first?.removed.count == 2)
      #expect(try fixture.plainSnapshotIDs(tag: "volume=trim-me").count == 1)
      #expect(try fixture.plainSnapshotIDs(tag: "volume=keep-me").count == 3)
    }
  }
}
