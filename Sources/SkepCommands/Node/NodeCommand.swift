import ArgumentParser

/// `skep node …`: safe drain and removal of one node.
struct NodeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "node",
    abstract: "Drain or remove a node without losing quorum.",
    subcommands: [NodeDrain.self, NodeRm.self]
  )
}
