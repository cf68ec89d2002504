import ArgumentParser

/// `skep bench …`: measurements the scripts in `bench/` run, hidden from the main help.
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Benchmarks of skep's own algorithms (run by the scripts in bench/).",
    shouldDisplay: false,
    subcommands: [BenchScheduleSim.self]
  )
}
