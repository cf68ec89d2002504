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
    let layout = SandboxLayout(root: directory)
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
    // `skep node setup` logs into the nodes with the sandbox's key, and restarts a node's dockerd with the script
    // the sandbox put in the node's /etc (there is no systemd inside a sandbox node).
    lines += [
      "setup:",
      "  ssh:",
      "    identity: \(layout.sshIdentity)",
      "    known_hosts: \(layout.sshKnownHosts)",
      "  docker:",
      "    restart_command: /etc/skep-sandbox/restart-dockerd",
      "    reload_command: /etc/skep-sandbox/reload-dockerd",
    ]
    return lines.joined(separator: "\n") + "\n"
  }
}
