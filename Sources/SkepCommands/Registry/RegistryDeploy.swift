import ArgumentParser
import Cluster
import Foundation
import ImageBuilder
import Logging
import SkepConfig

/// `skep registry deploy`: run the registry as a swarm service on a node, storage on a volume there, published on
/// the node's address, and record that address as the inventory's `registry:`.
struct RegistryDeploy: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Run a registry as a swarm service on a node and record it as the inventory's registry.",
    discussion: """
      One task of the registry image on --node (default: the first inventory node that is a swarm manager), its \
      storage on the local volume skep-registry there, its port published in host mode on the node's inventory \
      address. Deletes are enabled (skep registry prune needs them), and prune then runs the registry's garbage \
      collection itself. Rerunning with the same settings changes nothing; another --image or --port updates the \
      service; another node is refused, since the images are in that node's volume. Images already in another \
      registry are not copied: build or push them again.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "The inventory node to run the registry on (default: the first one that is a swarm manager).")
  var node: String?

  @Option(help: "The port published on the node's address.")
  var port = 5000

  @Option(help: "The registry image: upstream registry:2 or one laid out like it (/bin/registry, its config).")
  var image = "registry:2"

  @Flag(help: "Record the new registry even when the inventory's registry: names another one.")
  var replace = false

  func validate() throws {
    guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
  }

  func run() async throws {
    let inventory = try global.loadInventory()
    let engines = try NodeEngines(inventory: inventory)
    let manager = try await engines.answeringManager()
    let target = try chooseNode(inventory: inventory, manager: manager)
    let wanted = RegistryDeployment(node: target.name, address: target.address, port: port, image: image)
    if let previous = inventory.registry, previous != wanted.endpoint, !replace {
      throw CommandFailure(
        "\(inventory.file) already names the registry \(previous); deploying one at \(wanted.endpoint) would make "
          + "builds and backups use the new, empty one. Pass --replace to record it anyway.",
        exitCode: .invalidInput)
    }

    let service = RegistryService(manager: manager.client, logger: Logger(label: "skep.registry"))
    let action: RegistryDeployAction
    do {
      action = try await service.deploy(wanted)
    } catch let error as RegistryServiceError {
      throw CommandFailure(error.description)
    }
    let recorded = try record(wanted.endpoint, in: inventory)
    let report = DeployReport(
      service: RegistryDeployment.serviceName, node: wanted.node, endpoint: wanted.endpoint, image: wanted.image,
      volume: RegistryDeployment.volumeName, action: action, inventory: inventory.file,
      previousRegistry: inventory.registry, inventoryChanged: recorded)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  /// The inventory node named by --node, or the first one the swarm lists as a manager.
  private func chooseNode(inventory: Inventory, manager: AnsweringManager) throws -> InventoryNode {
    if let node {
      guard let found = inventory.node(named: node) else {
        let names = inventory.nodes.map(\.name).joined(separator: ", ")
        throw CommandFailure("no node \(node) in \(inventory.file) (nodes: \(names))", exitCode: .invalidInput)
      }
      guard manager.swarmNodes.contains(where: { $0.description?.hostname == node }) else {
        throw CommandFailure(
          "node \(node) is not in the swarm (run skep cluster up first)", exitCode: .invalidInput)
      }
      return found
    }
    let managers = Set(
      manager.swarmNodes.filter { $0.spec.role == .manager }.compactMap { $0.description?.hostname })
    guard let first = inventory.nodes.first(where: { managers.contains($0.name) }) else {
      throw CommandFailure("no inventory node is a swarm manager; pass --node", exitCode: .invalidInput)
    }
    return first
  }

  /// Writes `registry: ENDPOINT` into the inventory when it differs; reloads it to prove the file still reads and
  /// names that registry, and puts the old text back otherwise. True when the file changed.
  private func record(_ endpoint: String, in inventory: Inventory) throws -> Bool {
    guard inventory.registry != endpoint else { return false }
    let path = inventory.file
    let original: String
    do {
      original = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw CommandFailure("the registry runs at \(endpoint), but \(path) cannot be read to record it: \(error)")
    }
    let edited = InventoryRegistryEdit.setting(endpoint, in: original)
    do {
      try edited.write(toFile: path, atomically: true, encoding: .utf8)
      guard try InventoryLoader.load(path: path).registry == endpoint else {
        throw CommandFailure("the edited file names another registry")
      }
    } catch {
      try? original.write(toFile: path, atomically: true, encoding: .utf8)
      throw CommandFailure(
        "the registry runs at \(endpoint), but recording it in \(path) failed (\(error)); the file is unchanged: "
          + "add `registry: \(endpoint)` to it by hand")
    }
    return true
  }
}

/// What `registry deploy` did; `--json` prints it as is.
struct DeployReport: Encodable {
  var service: String
  var node: String
  var endpoint: String
  var image: String
  var volume: String
  var action: RegistryDeployAction
  var inventory: String
  var previousRegistry: String?
  var inventoryChanged: Bool

  var text: String {
    let what =
      switch action {
      case .created: "started"
      case .updated: "updated"
      case .unchanged: "already running as asked, unchanged"
      }
    var lines = ["registry \(endpoint) \(what): service \(service) on \(node), storage in volume \(volume) there"]
    if inventoryChanged {
      let from = previousRegistry.map { " (was \($0))" } ?? ""
      lines.append("\(inventory): registry: \(endpoint)\(from)")
    } else {
      lines.append("\(inventory) already names it")
    }
    return lines.joined(separator: "\n")
  }
}
