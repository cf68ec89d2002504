import ArgumentParser
import Backup
import Foundation
import Logging
import SkepConfig

/// `skep agent forget`: applies a retention policy to each volume's snapshots (files and dumps apart), then prunes
/// once; one ``ForgetLine`` JSON line per group on stdout, logs on stderr.
struct AgentForget: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Apply a retention policy per volume, then prune (one JSON line per volume and kind on stdout).",
    shouldDisplay: false
  )

  @OptionGroup var store: AgentRepositoryOptions

  @Option(help: "The policy as JSON: {\"last\", \"hourly\", \"daily\", \"weekly\", \"monthly\", \"yearly\"}.")
  var policyJson: String

  @Option(name: .customLong("volume"), help: "Only this volume (repeatable; default: every volume).")
  var volumes: [String] = []

  @Flag(help: "Show what would be removed; remove nothing, prune nothing.")
  var dryRun = false

  func validate() throws {
    let policy: RetentionPolicy
    do {
      policy = try RetentionPolicyJSON.decode(policyJson)
    } catch {
      throw ValidationError("--policy-json is not valid: \(error)")
    }
    if policy.isEmpty { throw ValidationError("--policy-json sets no count: it would keep every snapshot") }
  }

  func run() async throws {
    let logger = Logger(label: "skep.agent.forget")
    let policy = try RetentionPolicyJSON.decode(policyJson)
    let environment = ProcessInfo.processInfo.environment
    let restic = Restic(
      repository: store.resticRepository,
      binary: AgentBackup.resticBinary(path: environment["PATH"]),
      cacheDirectory: environment["RESTIC_CACHE_DIR"], logger: logger)
    let results: [ForgetResult]
    do {
      results = try await restic.forget(policy: policy, volumes: volumes, prune: !dryRun, dryRun: dryRun)
    } catch {
      throw CommandFailure("restic forget failed: \(error)")
    }
    for result in results {
      let line = try ForgetLine(result).jsonLine()
      FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
  }
}
