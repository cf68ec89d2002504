import ArgumentParser
import Backup
import Foundation
import SkepConfig

/// `skep backup forget`: the inventory's `keep:` policy per volume (files and dumps apart), then one prune, in a
/// one-task job of `skep agent forget`.
struct BackupForget: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Apply the keep: policy of skep.yml to each volume's snapshots, then prune.",
    discussion: """
      Each volume's files and dumps are a group of their own, whatever node made them; snapshots without skep's \
      volume= and kind= tags are never touched. Runs as a one-task swarm job of the skep image on a manager. \
      --dry-run shows what would be removed and changes nothing.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Flag(help: "Show what would be kept and removed; remove nothing.")
  var dryRun = false

  @Option(name: .customLong("volume"), help: "Only this volume (repeatable; default: every volume).")
  var volumes: [String] = []

  @Option(help: "The skep image the job runs (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds the job may take (prune reads the whole index).")
  var timeout = 3600

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    guard let policy = context.inventory.backup?.retention, !policy.isEmpty else {
      throw CommandFailure(
        "no retention policy: set keep: in the backup section of \(context.inventory.file) "
          + "(like keep: {daily: 7, weekly: 4, monthly: 6}); forget removes nothing without one",
        exitCode: .invalidInput)
    }
    let image = try context.image(image)
    let secretID = try await context.requirePasswordSecret()
    let job = BackupJobs.agentForget(
      name: SwarmJobSpec.uniqueName(prefix: "skep-backup-forget"), image: image, repository: context.repository,
      repositoryKind: context.repositoryKind, policyJSON: try RetentionPolicyJSON.encode(policy),
      volumes: volumes, dryRun: dryRun)
    printError("\(dryRun ? "checking" : "applying") keep: \(Self.describe(policy)) in \(job.name)…")
    let runner = SwarmJob(manager: context.manager, timeout: .seconds(timeout), logger: context.logger)
    let result = try await context.removingStaleLocks(image: image, secretID: secretID) {
      try await runner.run(job, secretID: secretID)
    }
    guard result.succeeded else {
      throw CommandFailure("forget on \(context.repository) failed: \(ResticJobText.reason(result))")
    }
    let lines = result.logs.stdoutLines.compactMap(ForgetLine.parse(line:))
    if output.json {
      try JSONOutput.print(BackupForgetReport(dryRun: dryRun, groups: lines))
      return
    }
    var table = Table("VOLUME", "KIND", "KEPT", "REMOVED")
    for line in lines { table.add([line.volume, line.kind, String(line.kept.count), String(line.removed.count)]) }
    print(table.render())
    let removed = lines.map(\.removed.count).reduce(0, +)
    print(dryRun ? "dry run: \(removed) snapshot(s) would be removed" : "\(removed) snapshot(s) removed")
  }

  static func describe(_ policy: RetentionPolicy) -> String {
    policy.counts.map { "\($0.key) \($0.count)" }.joined(separator: ", ")
  }
}

/// `backup forget --json`.
struct BackupForgetReport: Encodable {
  var dryRun: Bool
  var groups: [ForgetLine]
}
