import Sandbox

/// The people-facing text `up` prints on stdout.
enum SandboxUpReport {
  static func text(_ summary: SandboxSummary) -> String {
    var lines = [
      "Sandbox up in \(summary.directory): \(summary.nodes.count) node(s), registry \(summary.registry)", "",
    ]
    for node in summary.nodes {
      lines.append("  \(node.name)  \(node.address)  docker \(node.engine.rawValue)")
      lines.append("    DOCKER_HOST=\(node.docker) docker info")
    }
    lines += [
      "",
      "Use it:",
      "  export SKEP_INVENTORY=\(summary.inventory)",
      "  skep cluster up",
      "Stop it:",
      "  skep sandbox down --dir \(summary.directory)",
    ]
    return lines.joined(separator: "\n")
  }
}
