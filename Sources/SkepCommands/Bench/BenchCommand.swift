import ArgumentParser

/// `skep bench …`: disk and network measurements on the nodes; `schedule-sim` (run by the scripts in bench/) stays
/// hidden.
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the nodes: sequential disk speed and network throughput between them.",
    subcommands: [BenchDisk.self, BenchNet.self, BenchScheduleSim.self]
  )
}
