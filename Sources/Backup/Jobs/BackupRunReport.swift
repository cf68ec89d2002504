/// What `skep backup run` reports: every volume's event, how each node's task ended, containers skep had to unpause,
/// and whether the run failed. Pure: built from the job's result, encoded as the `--json` output.
public struct BackupRunReport: Sendable, Hashable, Encodable {
  /// One node's line in the report.
  public struct NodeResult: Sendable, Hashable, Encodable {
    public var node: String
    /// `ok` or `failed`.
    public var status: BackupEvent.Status
    /// Why the node failed (its task, or its failed volumes); nil when ok.
    public var reason: String?
  }

  /// A container still paused after the job, that skep unpaused.
  public struct Unpaused: Sendable, Hashable, Encodable {
    public var node: String
    public var container: String
    /// Creates an entry.
    public init(node: String, container: String) {
      self.node = node
      self.container = container
    }
  }

  /// Counts for scripts.
  public struct Summary: Sendable, Hashable, Encodable {
    public var ok: Int
    public var failed: Int
    public var skipped: Int
    public var failedNodes: [String]
  }

  public var job: String
  public var events: [BackupEvent]
  public var nodes: [NodeResult]
  public var unpaused: [Unpaused]
  public var summary: Summary

  /// Builds the report from the job's outcomes and the events in its logs.
  public init(job: String, outcomes: [SwarmJob.NodeOutcome], events: [BackupEvent], unpaused: [Unpaused] = []) {
    self.job = job
    self.events = events
    self.unpaused = unpaused
    nodes = outcomes.map { entry in
      let failedVolumes = events.filter { $0.node == entry.node && $0.status == .failed }
      if entry.outcome.succeeded, failedVolumes.isEmpty {
        return NodeResult(node: entry.node, status: .ok, reason: nil)
      }
      var reasons: [String] = []
      if !failedVolumes.isEmpty {
        let names = failedVolumes.map(\.volume).joined(separator: ", ")
        reasons.append("\(failedVolumes.count) volume\(failedVolumes.count == 1 ? "" : "s") failed (\(names))")
      }
      // The task's own outcome is a reason only when it failed, and not as an older agent's exit 1 for a failed
      // volume (today's agent exits 0 once it reported its volumes).
      if !entry.outcome.succeeded, !(Self.isAgentVolumeExit(entry.outcome) && !failedVolumes.isEmpty) {
        reasons.append(entry.outcome.description)
      }
      return NodeResult(node: entry.node, status: .failed, reason: reasons.joined(separator: "; "))
    }
    let failed = events.filter { $0.status == .failed }.count
    let skipped = events.filter { $0.status == .skipped }.count
    summary = Summary(
      ok: events.count - failed - skipped, failed: failed, skipped: skipped,
      failedNodes: nodes.filter { $0.status == .failed }.map(\.node))
  }

  /// True when any volume or node failed: the command then exits non-zero.
  public var failed: Bool { summary.failed > 0 || !summary.failedNodes.isEmpty }

  /// The process exit status for this report: 0, or 1 when anything failed.
  public var exitCode: Int32 { failed ? 1 : 0 }

  private static func isAgentVolumeExit(_ outcome: JobTaskOutcome) -> Bool {
    if case .failed("failed", _, 1) = outcome { return true }
    return false
  }
}
