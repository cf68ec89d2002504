import ArgumentParser

/// `skep node …`: safe drain and removal of one node.
struct NodeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "node",
    abstract: "Set a node up over SSH, drain it or remove it without losing quorum.",
    subcommands: [NodeSetupCommand.self, NodeDrain.self, NodeRm.self]
  )
}
