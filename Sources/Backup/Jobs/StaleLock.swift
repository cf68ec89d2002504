/// A restic lock left by a job task that no longer runs (its node's engine died mid-backup, so its restic was killed
/// without removing its lock): `check`, `forget` and `prune` need the repository exclusively and fail until it goes,
/// and restic itself only calls a lock stale after 30 minutes.
///
/// skep is the repository's only writer by design, and every skep job is a swarm service labelled
/// ``SwarmJobSpec/jobLabel``: when none runs, any lock is stale. A pure decision; the command removes the locks
/// (`restic unlock --remove-all`) and retries once.
public enum StaleLock {
  /// True when a restic job failed only because the repository is locked.
  public static func isLocked(_ result: SwarmJob.Result) -> Bool {
    !result.succeeded
      && result.logs.stderrLines.contains {
        $0.contains("repository is already locked") || $0.contains("unable to create lock")
      }
  }

  /// restic's lock message (who holds it, since when), for people.
  public static func holder(_ result: SwarmJob.Result) -> String {
    result.logs.stderrLines.first { $0.contains("already locked") } ?? "the repository is locked"
  }

  /// The skep jobs still running among `services` (names of services carrying the job label).
  public static func runningJobs(_ services: [(name: String, labels: [String: String])]) -> [String] {
    services.filter { $0.labels[SwarmJobSpec.jobLabel] != nil }.map(\.name).sorted()
  }
}
