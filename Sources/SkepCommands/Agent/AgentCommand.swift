import ArgumentParser

/// `skep agent …`: what runs inside the skep image on a node (started by swarm jobs), hidden from the main help.
struct AgentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "Node-side work run inside the skep image by swarm jobs (not for direct use).",
    shouldDisplay: false,
    subcommands: [AgentBackup.self, AgentForget.self]
  )
}
