import SkepConfig

/// The jobs `skep backup …` runs, as ``SwarmJobSpec`` values: the agent on every node, and one-task restic jobs.
public enum BackupJobs {
  /// The environment variable the agent job gets its node name from (`{{.Node.Hostname}}`: swarm expands templates
  /// in `Env`, `Hostname` and mounts, not in the command).
  public static let nodeVariable = "SKEP_NODE"

  /// `skep agent backup` on each covered node, per the agent's contract.
  public static func agentBackup(
    name: String, image: String, repository: String, repositoryKind: BackupRepositoryKind,
    placement: SwarmJobSpec.Placement, volumes: [String] = [], compression: BackupCompression = .auto,
    rulesJSON: String? = nil, dockerSocketSource: String = "/var/run/docker.sock"
  ) -> SwarmJobSpec {
    var arguments = [
      "--volumes-root", SwarmJobSpec.volumesTarget, "--repository", repository,
      "--password-file", SwarmJobSpec.passwordFile, "--compression", compression.rawValue,
      "--docker", "unix://\(SwarmJobSpec.dockerSocketTarget)",
      "--driver-socket", "\(SwarmJobSpec.pluginsTarget)/skep.sock",
    ]
    for volume in volumes { arguments += ["--volume", volume] }
    if let rulesJSON { arguments += ["--rules-json", rulesJSON] }
    // "$@" passes every argument through untouched: no quoting of volume names or JSON.
    let command =
      ["sh", "-c", "exec skep agent backup --node \"$\(nodeVariable)\" \"$@\"", "skep-agent-backup"] + arguments
    return SwarmJobSpec(
      name: name, image: image, command: command,
      environment: [
        "\(nodeVariable)={{.Node.Hostname}}", "RESTIC_CACHE_DIR=\(SwarmJobSpec.resticCacheTarget)",
      ],
      placement: placement, repositoryPath: repositoryKind == .local ? repository : nil, mountsNodeData: true,
      dockerSocketSource: dockerSocketSource)
  }

  /// `restic ARGUMENTS` in the skep image, one task (on `node`, else a ready manager), repository and password
  /// file from the environment only.
  public static func restic(
    name: String, image: String, repository: String, repositoryKind: BackupRepositoryKind, arguments: [String],
    node: String? = nil
  ) -> SwarmJobSpec {
    SwarmJobSpec(
      name: name, image: image, command: ["restic", "--no-cache"] + arguments,
      environment: ["RESTIC_REPOSITORY=\(repository)", "RESTIC_PASSWORD_FILE=\(SwarmJobSpec.passwordFile)"],
      placement: .oneTask(node: node), repositoryPath: repositoryKind == .local ? repository : nil,
      mountsNodeData: false, kind: "backup")
  }

  /// The image jobs run: `--image`, else `<registry>/skep:latest`; nil when neither is known.
  public static func image(flag: String?, inventory: Inventory) -> String? {
    if let flag, !flag.isEmpty { return flag }
    return inventory.registry.map { "\($0)/skep:latest" }
  }

  /// Where each node's Docker socket is, for the agent's bind mount. A `unix://` endpoint means that daemon runs on
  /// the machine skep runs on, so its socket path is the path on that node: one such node → its path; several whose
  /// paths differ only by the node's name (the sandbox: one machine, one dockerd per node) → that path with
  /// `{{.Node.Hostname}}` in place of the name; otherwise (remote nodes) `/var/run/docker.sock`.
  public static func dockerSocketSource(nodes: [InventoryNode]) -> String {
    let fallback = "/var/run/docker.sock"
    let prefix = "unix://"
    guard nodes.allSatisfy({ $0.docker.hasPrefix(prefix) }) else { return fallback }
    if nodes.count == 1, let only = nodes.first { return String(only.docker.dropFirst(prefix.count)) }
    var templates = Set<String>()
    for node in nodes {
      guard node.docker.contains("/\(node.name)/") else { return fallback }
      let path = String(node.docker.dropFirst(prefix.count))
      templates.insert(path.replacingOccurrences(of: "/\(node.name)/", with: "/{{.Node.Hostname}}/"))
    }
    return templates.count == 1 ? templates.first ?? fallback : fallback
  }
}
