import Cluster
import NodeSetup

/// The text `node setup` prints: per node its state, then what changed (or would), what was left alone, what
/// cannot be done, and the engine restart.
enum NodeSetupText {
  static func render(_ reports: [NodeSetupReport], dryRun: Bool) -> String {
    var lines: [String] = []
    for report in reports {
      lines.append("\(report.node): \(headline(report, dryRun: dryRun))")
      if let plan = report.plan {
        if dryRun {
          lines += plan.rendered().split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
          if lines.last == "  " { lines.removeLast() }
        } else {
          lines += plan.changes.map { change in
            "  \(change.description)" + (change.notes.isEmpty ? "" : " (\(change.notes.joined(separator: "; ")))")
          }
          lines += plan.leftAlone.map { "  left alone (sandbox node): \($0.step.rawValue): \($0.summary)" }
          lines += plan.problems.map { "  cannot: \($0.description)" }
        }
      }
      if report.reloaded { lines.append("  dockerd reloaded daemon.json") }
      if let restart = report.restart {
        lines.append(
          "  dockerd restarted: drained, restarted, active again in \(String(format: "%.1f", restart.seconds)) s")
      }
      lines += report.remaining.map { "  still differs after applying: \($0)" }
      if let error = report.error { lines.append("  error: \(error)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func headline(_ report: NodeSetupReport, dryRun: Bool) -> String {
    let count = report.plan?.changes.count ?? 0
    let changes = "\(count) change\(count == 1 ? "" : "s")"
    let incomplete = report.isIncomplete ? ", but not set up in full" : ""
    switch report.status {
    case .unchanged: return report.isIncomplete ? "cannot be set up in full" : "nothing to change"
    case .wouldChange: return "would apply \(changes)\(incomplete)"
    case .changed: return "applied \(changes)\(incomplete)"
    case .unreachable: return "unreachable"
    case .failed: return "failed"
    }
  }
}

/// `node setup --json`.
struct NodeSetupJSON: Encodable {
  struct Change: Encodable {
    var step: String
    var summary: String
    var diff: String
  }

  struct Node: Encodable {
    var node: String
    var status: String
    var changes: [Change]
    var leftAlone: [String]
    var problems: [String]
    var docker: String
    var reloaded: Bool
    var restartSeconds: Double?
    var remaining: [String]
    var error: String?
  }

  var dryRun: Bool
  var nodes: [Node]

  init(dryRun: Bool, nodes reports: [NodeSetupReport]) {
    self.dryRun = dryRun
    self.nodes = reports.map { report in
      let plan = report.plan
      return Node(
        node: report.node, status: report.status.rawValue,
        changes: (plan?.changes ?? []).map { Change(step: $0.step.rawValue, summary: $0.summary, diff: $0.diff) },
        leftAlone: (plan?.leftAlone ?? []).map { "\($0.step.rawValue): \($0.summary)" },
        problems: (plan?.problems ?? []).map(\.description),
        docker: ["none", "reload", "restart"][plan?.docker.rawValue ?? 0], reloaded: report.reloaded,
        restartSeconds: report.restart?.seconds, remaining: report.remaining, error: report.error)
    }
  }
}
