import ArgumentParser

/// `skep agent …`: what runs inside the skep image on a node (started by swarm jobs), hidden from the main help.
struct AgentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "The skep agent: deploy the volume driver on every node (its other verbs run inside the skep image).",
    subcommands: [
      AgentBackup.self, AgentForget.self, AgentServe.self, AgentDeploy.self, AgentBenchDisk.self,
      AgentBenchNetServer.self, AgentBenchNetClient.self,
    ]
  )
}
