import ArgumentParser

/// `skep registry …`: the inventory's registry — what it holds, and pruning old date tags.
struct RegistryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "registry",
    abstract: "Run, list and prune the inventory's registry.",
    subcommands: [RegistryLs.self, RegistryPrune.self, RegistryDeploy.self]
  )
}
