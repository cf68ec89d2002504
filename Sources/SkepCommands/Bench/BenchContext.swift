import ArgumentParser
import Backup
import Cluster
import DockerEngine
import Logging
import NodeBench
import SkepConfig

/// What `skep bench disk|net` need: the inventory, a manager, the skep image, the swarm's nodes.
struct BenchContext {
  var inventory: Inventory
  var manager: DockerClient
  var image: String
  /// Swarm nodes by hostname, in inventory order first, then any others.
  var members: [String]
  var logger = Logger(label: "skep.bench")

  /// Loads the inventory, finds a manager that answers and the image the jobs run (`--image`, else
  /// REGISTRY/skep:latest, as backup jobs).
  static func load(global: GlobalOptions, image flag: String?) async throws -> BenchContext {
    let inventory = try global.loadInventory()
    guard let image = BackupJobs.image(flag: flag, inventory: inventory) else {
      throw CommandFailure(
        "no skep image: pass --image, or set registry: in \(inventory.file) and push REGISTRY/skep:latest",
        exitCode: .invalidInput)
    }
    let manager = try await NodeEngines(inventory: inventory).answeringManager()
    let hostnames = manager.swarmNodes.map { $0.description?.hostname ?? $0.id }
    let ordered =
      inventory.nodes.map(\.name).filter(hostnames.contains)
      + hostnames.filter { name in
        !inventory.nodes.contains { $0.name == name }
      }
    return BenchContext(inventory: inventory, manager: manager.client, image: image, members: ordered)
  }

  /// Fails with exit code 2 when a node is not a swarm member.
  func requireMembers(_ nodes: [String]) throws {
    if let unknown = nodes.first(where: { !members.contains($0) }) {
      throw CommandFailure(
        "no swarm node \(unknown) (nodes: \(members.joined(separator: ", ")))", exitCode: .invalidInput)
    }
  }

  func runner(timeout: Int) -> BenchJobRunner {
    BenchJobRunner(manager: manager, timeout: .seconds(timeout), logger: logger)
  }

  /// Prints `report` as JSON or as a table with its footnotes; exit 1 when a node or pair failed.
  static func print(_ report: some BenchReport, json: Bool) throws {
    if json {
      try JSONOutput.print(report)
    } else {
      var table = Table()
      table.header = report.table.header
      for row in report.table.rows { table.add(row) }
      Swift.print(table.render())
      Swift.print(report.footnotes.joined(separator: "\n"))
    }
    if report.failed { throw ExitCode(SkepExitCode.failure.rawValue) }
  }
}
