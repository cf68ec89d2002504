import Foundation
import Sandbox

/// Renders a status report as a table or JSON.
enum SandboxStatusText {
  static func json(_ report: SandboxStatusReport) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(report), as: UTF8.self)
  }

  static func table(_ report: SandboxStatusReport) -> String {
    var lines = [
      "sandbox  \(report.directory)  (\(report.phase))",
      "bridge   \(report.bridge) \(report.subnet)  \(report.bridgePresent ? "present" : "MISSING")",
    ]
    if let registry = report.registry {
      let pid = registry.pid.map(String.init) ?? "-"
      lines.append(
        "registry \(registry.endpoint)  pid \(pid) \(registry.alive ? "alive" : "DEAD")  "
          + (registry.answers ? "answers" : "NOT ANSWERING"))
    }
    lines.append("")
    let header = ["NODE", "ADDRESS", "ENGINE", "VERSION", "API", "DOCKERD", "ANSWERS"]
    var rows = [header]
    for node in report.nodes {
      rows.append([
        node.name, node.address, node.engine.rawValue, node.version ?? "-", node.apiVersion ?? "-",
        (node.dockerdPid.map(String.init) ?? "-") + (node.dockerdAlive ? " alive" : " dead"),
        node.answers ? "yes" : "no",
      ])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      let padded = row.enumerated().map { column, cell in
        cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }
      lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    lines.append("")
    lines.append("export SKEP_INVENTORY=\(report.inventory)")
    return lines.joined(separator: "\n")
  }
}
