import SkepConfig

extension BackupJobs {
  /// `skep agent forget` as a one-task job (on a manager): the inventory's policy as JSON, the password file from
  /// the swarm secret, the repository mounted when it is a path.
  public static func agentForget(
    name: String, image: String, repository: String, repositoryKind: BackupRepositoryKind, policyJSON: String,
    volumes: [String] = [], dryRun: Bool = false
  ) -> SwarmJobSpec {
    var command = [
      "skep", "agent", "forget", "--repository", repository, "--password-file", SwarmJobSpec.passwordFile,
      "--policy-json", policyJSON,
    ]
    for volume in volumes { command += ["--volume", volume] }
    if dryRun { command.append("--dry-run") }
    return SwarmJobSpec(
      name: name, image: image, command: command, placement: .oneTask(node: nil),
      repositoryPath: repositoryKind == .local ? repository : nil, mountsNodeData: false, kind: "backup")
  }
}
