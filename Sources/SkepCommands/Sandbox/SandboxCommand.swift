import ArgumentParser

/// `skep sandbox …`: a real multi-node swarm on one Linux box.
struct SandboxCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox",
    abstract: "Run real dockerd nodes in namespaces on this Linux box, to try skep and to test it.",
    subcommands: [
      SandboxUp.self, SandboxStatus.self, SandboxDown.self, SandboxNodeStop.self, SandboxNodeStart.self,
      SandboxImage.self,
    ]
  )
}
