import ArgumentParser

/// The root `skep` command: every noun is a group of subcommands.
public struct SkepCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "skep",
    abstract: "Run a home-lab Docker Swarm from one inventory: cluster, backups, volumes, builds.",
    version: SkepVersion.current,
    subcommands: [BenchCommand.self],
    groupedSubcommands: [
      CommandGroup(name: "Swarm", subcommands: [ClusterCommand.self, NodeCommand.self]),
      CommandGroup(
        name: "Data",
        subcommands: [BackupCommand.self, Restore.self, Clean.self, VolumeCommand.self, AgentCommand.self]),
      CommandGroup(name: "Control", subcommands: [ControlCommand.self, JobsCommand.self]),
      CommandGroup(name: "Images", subcommands: [Build.self, RegistryCommand.self]),
      CommandGroup(name: "Try and test", subcommands: [SandboxCommand.self]),
    ]
  )

  public init() {}
}

/// The version printed by `skep --version`.
public enum SkepVersion {
  public static let current = "0.1.0"
}
