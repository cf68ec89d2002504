import ArgumentParser
import Cluster

/// `skep node rm NAME`.
struct NodeRm: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm",
    abstract: "Remove a node from the swarm (demoting it first if it is a manager); refuses to lose quorum.",
    aliases: ["remove"]
  )

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name in the inventory.")
  var name: String

  func run() async throws {
    let inventory = try global.loadInventory()
    do {
      try await NodeOperations(engines: try NodeEngines(inventory: inventory)).remove(name) { step in
        printError("… \(step)")
      }
    } catch let refusal as NodeRefusal {
      throw CommandFailure("refused: \(refusal.message)", exitCode: .refused)
    }
    print("\(name) removed from the swarm; remove it from \(inventory.file) too, or `skep cluster up` joins it again")
  }
}
