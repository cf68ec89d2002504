import ArgumentParser
import Backup
import Foundation
import NodeBench

/// `skep bench net`: TCP throughput between node pairs, one pair at a time.
struct BenchNet: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "net",
    abstract: "Measure TCP throughput between pairs of nodes.",
    discussion: """
      Per pair, a receiver job listens on the receiving node's own network (host networking) and a sender job on \
      the other node connects to the receiver's inventory address and sends for --seconds in one TCP stream, \
      --repeats times; the receiver counts. Pairs: --from A --to B; else over the nodes given (default: the first \
      three swarm nodes in inventory order) a ring A→B→C→A, or every ordered pair with --all-pairs. Pairs run one \
      after another. MB/s are 10^6 bytes per second. See docs/bench.md.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "Nodes to pair (default: the first three swarm nodes).")
  var nodes: [String] = []

  @Option(help: "The sending node of a single pair (with --to).")
  var from: String?

  @Option(help: "The receiving node of a single pair (with --from).")
  var to: String?

  @Flag(help: "Every ordered pair of the nodes instead of a ring.")
  var allPairs = false

  @Option(help: "Seconds each transfer sends for.")
  var seconds = 5

  @Option(help: "Transfers per pair; the table shows their min, median and max.")
  var repeats = 3

  @Option(help: "The TCP port the receiver listens on (it must be free on the nodes).")
  var port = BenchJobs.defaultPort

  @Option(help: "The skep image the jobs run (default: REGISTRY/skep:latest).")
  var image: String?

  /// Seconds the sender keeps retrying its first connection while the receiver's job starts (image pull included).
  static let connectTimeout = 120

  func validate() throws {
    guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
    guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 100") }
    guard port > 0 else { throw ValidationError("--port must be between 1 and 65535") }
    if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    if from != nil, !nodes.isEmpty || allPairs {
      throw ValidationError("--from/--to name one pair: give no NODE arguments and no --all-pairs with them")
    }
  }

  func run() async throws {
    let context = try await BenchContext.load(global: global, image: image)
    try context.requireMembers(nodes + [from, to].compactMap { $0 })
    let pairs: [NetPairs.Pair]
    switch NetPairs.plan(nodes: nodes, from: from, to: to, allPairs: allPairs, members: context.members) {
    case .success(let planned): pairs = planned
    case .failure(let problem): throw CommandFailure(problem.description, exitCode: .invalidInput)
    }
    var entries: [NetBenchReport.Pair] = []
    for pair in pairs {
      guard let address = context.inventory.node(named: pair.to)?.address else {
        throw CommandFailure(
          "node \(pair.to) has no address in \(context.inventory.file): bench net connects to inventory addresses",
          exitCode: .invalidInput)
      }
      printError("\(pair.from) → \(pair.to) (\(address):\(port)): \(repeats) × \(seconds) s…")
      let entry = try await measure(pair, address: address, context: context)
      printError("\(pair.from) → \(pair.to): \(entry.failure.map { "failed: \($0)" } ?? "done")")
      entries.append(entry)
    }
    let report = NetBenchReport(seconds: seconds, repeats: repeats, port: port, pairs: entries)
    try BenchContext.print(report, json: output.json)
  }

  /// Runs the receiver and the sender jobs side by side; the sender retries until the receiver listens.
  func measure(_ pair: NetPairs.Pair, address: String, context: BenchContext) async throws -> NetBenchReport.Pair {
    let serverTimeout = Self.connectTimeout + repeats * (seconds + 10)
    let server = BenchJobs.netServer(
      name: SwarmJobSpec.uniqueName(prefix: "skep-bench-net-rx"), image: context.image, node: pair.to, port: port,
      connections: repeats, timeout: serverTimeout)
    let client = BenchJobs.netClient(
      name: SwarmJobSpec.uniqueName(prefix: "skep-bench-net-tx"), image: context.image, node: pair.from,
      server: address, port: port, seconds: seconds, repeats: repeats, connectTimeout: Self.connectTimeout)
    let runner = context.runner(timeout: serverTimeout + 60)
    async let received = runner.run(server, on: pair.to)
    async let sent = runner.run(client, on: pair.from)
    let (receiver, sender) = try await (received, sent)
    let failures = [("receiver", receiver), ("sender", sender)].compactMap { role, result in
      result.failure.map { "\(role) on \(result.node): \($0)" }
    }
    return NetBenchReport.pair(pair, address: address, lines: sender.lines, repeats: repeats, failures: failures)
  }
}
