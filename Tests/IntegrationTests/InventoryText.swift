import SkepConfig

/// Renders a test inventory from sandbox nodes, optionally changing one node's lines.
func inventoryText(
  _ nodes: [InventoryNode], managers: Int, tweak: (InventoryNode, inout [String]) -> Void = { _, _ in }
) -> String {
  var lines = ["managers: \(managers)", "nodes:"]
  for node in nodes {
    var nodeLines = [
      "  - name: \(node.name)",
      "    address: \(node.address)",
      "    docker: \(node.docker)",
    ]
    tweak(node, &nodeLines)
    lines += nodeLines
  }
  return lines.joined(separator: "\n") + "\n"
}
