import SkepConfig

extension Restic {
  /// ``forget(policy:prune:dryRun:)`` restricted to `volumes` (every volume when empty): each chosen volume's
  /// groups (files, dumps) get the policy on their own, then one prune if anything was removed.
  public func forget(policy: RetentionPolicy, volumes: [String], prune: Bool, dryRun: Bool = false)
    async throws(ResticError) -> [ForgetResult]
  {
    guard !volumes.isEmpty else { return try await forget(policy: policy, prune: prune, dryRun: dryRun) }
    guard !policy.isEmpty else { return try await forget(policy: policy, prune: prune, dryRun: dryRun) }
    let groups = Set(
      try await snapshots().map(\.skepTags.groupKey).filter { volumes.contains($0.volume) && $0.kind != nil })
    var results: [ForgetResult] = []
    for group in groups.sorted(by: { $0.filter < $1.filter }) {
      results.append(try await forget(group: group, policy: policy, dryRun: dryRun))
    }
    if prune, !dryRun, results.contains(where: { !$0.removed.isEmpty }) {
      _ = try await execute(["prune"])
    }
    return results
  }
}
