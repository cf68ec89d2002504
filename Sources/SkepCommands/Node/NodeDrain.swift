import ArgumentParser
import Cluster

/// `skep node drain NAME`.
struct NodeDrain: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drain",
    abstract: "Move a node's tasks elsewhere and stop scheduling new ones on it."
  )

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name in the inventory.")
  var name: String

  @Flag(help: "Drain even the last node that can run tasks.")
  var force = false

  func run() async throws {
    let inventory = try global.loadInventory()
    do {
      try await NodeOperations(engines: try NodeEngines(inventory: inventory)).drain(name, force: force)
    } catch let refusal as NodeRefusal {
      throw CommandFailure("refused: \(refusal.message)", exitCode: .refused)
    }
    print("\(name) drained: its tasks move to other nodes")
  }
}
