import ArgumentParser
import Cluster
import SkepConfig

/// `skep cluster status`: roles, reachability and how many manager losses the swarm survives.
struct ClusterStatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show each node's role, manager reachability, availability, state and engine, and the quorum."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Flag(help: "Allow plain tcp:// endpoints to non-loopback addresses (unencrypted, unauthenticated).")
  var insecure = false

  func run() async throws {
    let inventory = try global.loadInventory()
    let engines = try NodeEngines(inventory: inventory, allowInsecure: insecure)
    let observed = await ClusterObserver(engines: engines).observeMembers()
    let status = ClusterStatus.make(inventory: inventory, observed: observed)
    if output.json {
      try JSONOutput.print(status)
    } else {
      print(Self.table(status))
      print()
      print("quorum: \(status.quorum.summary)")
      for warning in status.warnings { print("warning: \(warning)") }
    }
    if observed.managerName == nil {
      let reasons = observed.engines.map { "  \($0.name): \($0.error ?? "no answer")" }.joined(separator: "\n")
      throw CommandFailure("no manager answered:\n\(reasons)", exitCode: .unreachable)
    }
  }

  static func table(_ status: ClusterStatus) -> String {
    var table = Table("NODE", "ROLE", "MANAGER", "AVAILABILITY", "STATE", "ENGINE", "ADDRESS")
    for row in status.nodes {
      table.add([
        row.inInventory ? row.name : "\(row.name) (not in inventory)",
        row.role?.rawValue ?? "-", row.managerStatus ?? "-", row.availability ?? "-", row.state,
        row.engineVersion ?? "-", row.address ?? "-",
      ])
    }
    return table.render()
  }
}
