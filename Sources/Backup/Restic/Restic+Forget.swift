import Foundation
import SkepConfig

extension Restic {
  /// Applies `policy` to each volume's snapshots on their own, then prunes once if `prune`.
  ///
  /// restic's `--group-by tags` groups by the whole tag set, which includes `node=` and `service=`: a volume that
  /// moved between nodes would get one history per node. So skep lists the snapshots, forms one group per
  /// `volume` + `kind` (``SnapshotTags/groupKey``), and runs `restic forget --group-by '' --tag volume=…,kind=…`
  /// per group. Snapshots without both a `volume=` and a `kind=` tag are not skep's and are never touched (a filter
  /// on `volume=` alone would mix a volume's files and dumps in one group). `volumes` restricts it to those volumes
  /// (every volume when empty).
  public func forget(policy: RetentionPolicy, volumes: [String] = [], prune: Bool, dryRun: Bool = false)
    async throws(ResticError) -> [ForgetResult]
  {
    guard !policy.isEmpty else {
      throw .failed(
        command: "forget", exitCode: 0,
        message: "no retention policy: set 'keep:' in the backup section of skep.yml (like keep: {daily: 7})")
    }
    let chosen = Set(volumes)
    let groups = Set(
      try await snapshots().map(\.skepTags.groupKey).filter {
        !$0.volume.isEmpty && $0.kind != nil && (chosen.isEmpty || chosen.contains($0.volume))
      })
    var results: [ForgetResult] = []
    for group in groups.sorted(by: { $0.filter < $1.filter }) {
      results.append(try await forget(group: group, policy: policy, dryRun: dryRun))
    }
    if prune, !dryRun, results.contains(where: { !$0.removed.isEmpty }) {
      _ = try await execute(["prune"])
    }
    return results
  }

  /// Applies `policy` to the snapshots of one group (one volume and kind).
  func forget(group: SnapshotTags, policy: RetentionPolicy, dryRun: Bool) async throws(ResticError) -> ForgetResult {
    var arguments = ["forget", "--json", "--group-by", "", "--tag", group.filter]
    arguments += policy.counts.flatMap { ["--keep-\($0.key)", String($0.count)] }
    if dryRun { arguments.append("--dry-run") }
    let output = try await execute(arguments)
    struct Group: Decodable {
      var keep: [Snapshot]?
      var remove: [Snapshot]?
    }
    let decoded: [Group]
    do {
      decoded = try ResticJSON.decoder().decode([Group].self, from: output.stdout)
    } catch {
      throw .unexpectedOutput(command: "forget", detail: "\(error)")
    }
    return ForgetResult(
      group: group, kept: decoded.flatMap { $0.keep ?? [] }.sorted { $0.time < $1.time },
      removed: decoded.flatMap { $0.remove ?? [] }.sorted { $0.time < $1.time })
  }

  /// Removes these snapshots (ids or short ids) without pruning their data.
  public func forget(snapshotIDs: [String]) async throws(ResticError) {
    guard !snapshotIDs.isEmpty else { return }
    _ = try await execute(["forget"] + snapshotIDs)
  }
}
