import Foundation
import ImageBuild

/// The texts `skep build` prints: the plan, the final table.
public enum BuildText {
  /// `--plan`: per node the images in order with their simulated times, then the critical path and the bounds.
  public static func plan(_ plan: BuildPlan, nodes: Int) -> String {
    var out = ""
    for node in plan.buildsByNode.keys.sorted() {
      out += "\(node):\n"
      for build in (plan.buildsByNode[node] ?? []).sorted(by: { $0.start < $1.start }) {
        out += "  \(seconds(build.start))–\(seconds(build.end))  \(build.image)\n"
      }
    }
    out += "critical path: \(plan.criticalPath.joined(separator: " → ")) (\(seconds(plan.criticalPathLength)))\n"
    out += "estimated makespan \(seconds(plan.makespan)); lower bound \(seconds(plan.lowerBound)) = "
    out += "max(critical path, total work \(seconds(plan.totalWork)) / \(nodes) nodes)\n"
    return out
  }

  /// The final table: image, node, duration, result, tags; then the makespan and the critical path achieved.
  public static func table(_ report: BuildRunReport) -> String {
    let header = ["IMAGE", "NODE", "TIME", "RESULT", "TAGS"]
    let rows = report.outcomes.map { outcome in
      [
        outcome.image, outcome.node ?? "-", outcome.duration.map(seconds) ?? "-",
        outcome.reason.map { "\(outcome.result.rawValue): \($0)" } ?? outcome.result.rawValue,
        outcome.tags.joined(separator: ","),
      ]
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    var out = ""
    for row in [header] + rows {
      let cells = row.indices.map {
        $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0)
      }
      out += cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
    }
    let counts = ImageOutcome.Result.allCases.map { result in
      "\(report.outcomes.filter { $0.result == result }.count) \(result.rawValue)"
    }
    out += counts.joined(separator: ", ") + "; makespan \(seconds(report.makespan))\n"
    if !report.criticalPath.isEmpty {
      out += "critical path achieved: \(report.criticalPath.joined(separator: " → "))\n"
    }
    for (node, reason) in report.lostNodes.sorted(by: { $0.key < $1.key }) {
      out += "node \(node) was lost: \(reason)\n"
    }
    return out
  }

  /// `12.3s`, `2m05s`.
  public static func seconds(_ value: Double) -> String {
    value < 60 ? String(format: "%.1fs", value) : String(format: "%dm%02ds", Int(value) / 60, Int(value) % 60)
  }
}
