import ArgumentParser

/// `skep cluster …`: form, heal and inspect the swarm.
struct ClusterCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cluster",
    abstract: "Form, heal and inspect the swarm described by the inventory.",
    subcommands: [ClusterUp.self, ClusterStatusCommand.self]
  )
}
