/// One node as the inventory lists it.
public struct SandboxInventoryEntry: Sendable, Equatable {
  public var name: String
  public var address: String
  public var docker: String
  public var engine: EngineVersion

  public init(name: String, address: String, docker: String, engine: EngineVersion) {
    self.name = name
    self.address = address
    self.docker = docker
    self.engine = engine
  }
}

/// Renders the skep.yml a sandbox hands to every other command (the format SkepConfig parses).
public enum InventoryText {
  public static func render(
    directory: String, managers: Int, registry: String, nodes: [SandboxInventoryEntry], backupRepository: String
  ) -> String {
    var lines = [
      "# skep inventory for the sandbox in \(directory) (written by `skep sandbox up`)",
      "managers: \(managers)",
      "registry: \(registry)",
      "nodes:",
    ]
    for node in nodes {
      lines += [
        "  - name: \(node.name)",
        "    address: \(node.address)",
        "    docker: \(node.docker)",
        "    labels:",
        "      skep.sandbox.engine: \"\(node.engine.rawValue)\"",
      ]
    }
    lines += ["backup:", "  repository: \(backupRepository)"]
    return lines.joined(separator: "\n") + "\n"
  }
}
