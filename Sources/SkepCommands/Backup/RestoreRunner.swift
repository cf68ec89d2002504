import Backup
import DockerEngine
import Foundation

/// The steps of `skep restore`: checks (node, users of the volume), snapshot choice, the restore job.
struct RestoreRunner {
  var context: BackupContext
  var image: String
  var volume: String
  var node: String
  var snapshot: String
  var target: String
  var force: Bool
  var timeout: Int

  func run() async throws -> RestoreReport {
    let members = try await context.manager.nodes().map { $0.description?.hostname ?? $0.id }
    guard members.contains(node) else {
      throw CommandFailure(
        "no swarm node \(node) (nodes: \(members.joined(separator: ", ")))", exitCode: .invalidInput)
    }
    let engine = try context.engines.client(node)
    let containers = try await engine.containers(all: true, filters: ["volume": [target]])
    do {
      try RestorePlan.checkUnused(volume: target, node: node, containers: containers)
    } catch {
      throw CommandFailure("refused: \(error)", exitCode: .invalidInput)
    }
    let secretID = try await context.requirePasswordSecret()
    let chosen = try await chooseSnapshot(secretID: secretID)
    printError("restoring snapshot \(chosen.shortID) of \(volume) into \(target) on \(node)…")

    let name = SwarmJobSpec.uniqueName(prefix: "skep-restore")
    let job = RestoreJob.spec(
      name: name, image: image, repository: context.repository, repositoryKind: context.repositoryKind,
      node: node, snapshotID: chosen.id, force: force)
    let spec = RestoreJob.serviceSpec(job, volume: target, secretID: secretID)
    let result = try await SwarmJob(manager: context.manager, timeout: .seconds(timeout), logger: context.logger)
      .run(service: spec, name: name, node: node)
    let written = RestoreJobOutput.parse(result.logs.stdoutLines)
    if written?.status == .notEmpty {
      throw CommandFailure(
        "refused: volume \(target) on \(node) is not empty (\(written?.entries ?? 0) entries at its top level); "
          + "--force replaces its content", exitCode: .invalidInput)
    }
    guard result.succeeded, let written, written.status == .ok else {
      throw CommandFailure(
        "restoring \(chosen.shortID) into \(target) on \(node) failed: \(ResticJobText.reason(result))")
    }
    return RestoreReport(
      volume: volume, target: target, node: node, snapshot: chosen.id, shortID: chosen.shortID,
      snapshotTime: BackupLsRow.timeText(chosen.time), files: written.files ?? 0, bytes: written.bytes ?? 0,
      replacedEntries: written.entries)
  }

  /// The snapshot to restore, from `restic snapshots --json --tag volume=…,kind=files`.
  func chooseSnapshot(secretID: String) async throws -> Snapshot {
    let filter = SnapshotTags(volume: volume, kind: .files).filter
    let listed = try await context.restic(["snapshots", "--json", "--tag", filter], image: image, secretID: secretID)
    guard listed.succeeded else {
      throw CommandFailure("restic snapshots on \(context.repository) failed: \(ResticJobText.reason(listed))")
    }
    let snapshots = try SnapshotListing.parse(listed.logs.stdoutLines)
    do {
      return try RestorePlan.snapshot(snapshot, volume: volume, among: snapshots)
    } catch {
      throw CommandFailure("\(error)", exitCode: .invalidInput)
    }
  }
}

/// What `skep restore` did (`--json`).
struct RestoreReport: Encodable {
  var volume: String
  var target: String
  var node: String
  var snapshot: String
  var shortID: String
  var snapshotTime: String
  var files: Int
  var bytes: Int64
  /// Top-level entries removed first (with --force).
  var replacedEntries: Int

  var text: String {
    let replaced = replacedEntries > 0 ? " (replaced \(replacedEntries) entries)" : ""
    return "restored snapshot \(shortID) (\(snapshotTime)) of \(volume) into \(target) on \(node): "
      + "\(files) files, \(bytes) bytes\(replaced)"
  }
}
