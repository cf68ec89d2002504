import ArgumentParser

/// `skep volume …`: volumes of the skep driver, which follow their containers from node to node.
struct VolumeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "volume",
    abstract: "Volumes of the skep driver: where each is, its lease, its newest snapshot; move or remove one.",
    subcommands: [VolumeLs.self, VolumeMv.self, VolumeRm.self]
  )
}
