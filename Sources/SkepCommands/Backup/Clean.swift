import ArgumentParser
import Backup
import Foundation

/// `skep clean`: removes what nodes no longer need, and never a volume whose data is not in the repository.
struct Clean: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clean",
    abstract: "Remove stopped containers, dangling images, ended skep jobs and volumes already backed up.",
    discussion: """
      On every node (or the chosen ones), through its own Docker endpoint: stopped containers of no service, \
      dangling images, skep job services whose tasks all ended (not with --node), and unused local volumes — a \
      volume only when a kind=files snapshot of it from that node is newer than its last use and a read-only job \
      finds nothing in it changed (ctime) since that snapshot. Volumes labelled \
      skep.backup=false are never removed; when the repository cannot be read no volume is. Everything kept is \
      listed with the reason. Exits 1 if a removal failed.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Flag(help: "Only list what would be removed; change nothing.")
  var dryRun = false

  @Option(name: .customLong("node"), help: "Only this node (repeatable; default: every node).")
  var nodes: [String] = []

  @Option(help: "The skep image the snapshot listing and volume check jobs run (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(
    name: .customLong("label"),
    help: ArgumentHelp(
      "Only objects carrying this label (KEY=VALUE); the others still count as users of their volumes.",
      valueName: "KEY=VALUE"))
  var label: String?

  @Option(help: .hidden) var minimumJobAge = 300

  func validate() throws {
    if let label, CleanScope(label) == nil { throw ValidationError("--label must be KEY=VALUE, got \(label)") }
  }

  func run() async throws {
    let session = try await CleanSession.load(global: global, nodes: nodes)
    printError("reading snapshots…")
    let snapshots = await session.snapshots(image: image)
    if case .unreadable(let why) = snapshots { printError("warning: every volume is kept: \(why)") }
    let inventory = try await session.observe(jobs: nodes.isEmpty)
    var plan = CleanPlan(
      inventory: inventory, snapshots: snapshots, minimumJobAge: TimeInterval(minimumJobAge),
      scope: label.flatMap(CleanScope.init))
    let checks = plan.volumesToVerify()
    if !checks.isEmpty {
      printError("checking \(checks.count) volume(s) for changes since their newest snapshot…")
      plan.contentChecks = await session.contentChecks(checks, image: image)
    }
    let outcomes = await CleanExecutor(clients: session.clients).run(plan.actions(), dryRun: dryRun)
    if output.json {
      try JSONOutput.print(outcomes)
    } else {
      print(CleanTable.render(outcomes))
    }
    let failed = outcomes.filter { $0.status == .failed }
    for outcome in failed { printError("could not remove \(outcome.kind.rawValue) \(outcome.name) on \(outcome.node)") }
    if !failed.isEmpty { throw ExitCode(SkepExitCode.failure.rawValue) }
  }
}

/// The people's view of a clean-up.
enum CleanTable {
  static func render(_ outcomes: [CleanOutcome]) -> String {
    var table = Table("NODE", "KIND", "NAME", "ACTION", "REASON")
    for outcome in outcomes {
      table.add([outcome.node, outcome.kind.rawValue, outcome.name, outcome.status.rawValue, outcome.reason])
    }
    let counts = [CleanOutcome.Status.removed, .wouldRemove, .kept, .failed].compactMap { status in
      let count = outcomes.filter { $0.status == status }.count
      return count == 0 ? nil : "\(count) \(status.rawValue)"
    }
    return table.render() + "\n" + (counts.isEmpty ? "nothing to clean" : counts.joined(separator: ", "))
  }
}
