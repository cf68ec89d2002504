import ArgumentParser
import Backup
import Foundation
import NodeBench

/// `skep bench disk [NODE…]`: sequential write and read speed of a folder on each node, one node at a time.
struct BenchDisk: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "disk",
    abstract: "Measure sequential disk writes and reads (1 MiB and 4 KiB requests) on each node.",
    discussion: """
      One job of the skep image per node, one node after another (nodes may share a disk or a NAS). In --path on \
      the node it writes a file with O_DIRECT and an fsync at the end, then reads it back with O_DIRECT, --repeats \
      times, first in 1 MiB requests (a --size file), then in 4 KiB requests (a --small-size file); the file is \
      removed afterwards. A file system that refuses O_DIRECT (tmpfs) is measured buffered, with fsync and the \
      file's pages dropped before reading, and the report says so. MB/s are 10^6 bytes per second, as dd prints. \
      See docs/bench.md.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "Nodes to measure (default: every swarm node).")
  var nodes: [String] = []

  @Option(help: "The folder on each node (created if missing and removed afterwards; its parent must exist).")
  var path = "/var/lib/skep/bench"

  @Option(help: "Size of the file written and read in 1 MiB requests (e.g. 1G, 512M).")
  var size = "1G"

  @Option(help: "Size of the file written and read in 4 KiB requests (e.g. 256M; 0 skips that pass).")
  var smallSize = "256M"

  @Option(help: "Runs of each pass; the table shows their min, median and max.")
  var repeats = DiskBenchOptions.defaultRepeats

  @Option(help: "The skep image the jobs run (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds one node's job may take.")
  var timeout = 1800

  func validate() throws {
    if case .failure(let problem) = BenchPath.parse(path) { throw ValidationError(problem.description) }
    guard ByteSize.parse(size) != nil else { throw ValidationError("--size is not a size: \(size)") }
    guard ByteSize.parse(smallSize) != nil else { throw ValidationError("--small-size is not a size: \(smallSize)") }
    if let problem = try options().problem { throw ValidationError(problem) }
    guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
  }

  func options() throws -> DiskBenchOptions {
    guard let large = ByteSize.parse(size), let small = ByteSize.parse(smallSize) else {
      throw ValidationError("--size and --small-size must be sizes")
    }
    return DiskBenchOptions(largeFileSize: large, smallFileSize: small, repeats: repeats)
  }

  func run() async throws {
    let options = try options()
    let folder = try BenchPath.parse(path).get()
    let context = try await BenchContext.load(global: global, image: image)
    try context.requireMembers(nodes)
    let chosen = nodes.isEmpty ? context.members : nodes
    var entries: [DiskBenchReport.Node] = []
    for node in chosen {
      let job = BenchJobs.disk(
        name: SwarmJobSpec.uniqueName(prefix: "skep-bench-disk"), image: context.image, node: node, path: folder,
        options: options)
      printError("\(node): measuring \(folder.path) (\(job.name))…")
      let result = try await context.runner(timeout: timeout).run(job, on: node)
      let entry = DiskBenchReport.node(
        node, path: folder.path, lines: result.lines, options: options, failure: result.failure)
      printError("\(node): \(entry.failure.map { "failed: \($0)" } ?? "done")")
      entries.append(entry)
    }
    let report = DiskBenchReport(options: options, nodes: entries)
    try BenchContext.print(report, json: output.json)
  }
}
