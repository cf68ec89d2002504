import ArgumentParser

/// `skep backup …`: the restic repository, runs across the swarm, snapshots.
struct BackupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Back up every volume on every node into one restic repository.",
    subcommands: [BackupInit.self, BackupRun.self, BackupLs.self, BackupForget.self, BackupCheck.self]
  )
}
