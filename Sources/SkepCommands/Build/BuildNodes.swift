import Cluster
import DockerEngine
import Foundation
import ImageBuild
import ImageBuilder
import SkepConfig

/// The inventory's nodes that answer, with the platform their engine reports; the others are named on stderr.
enum BuildNodes {
  static func reachable(inventory: Inventory) async throws -> [BuilderNode] {
    let engines = try NodeEngines(inventory: inventory)
    var nodes: [BuilderNode] = []
    for node in inventory.nodes {
      do {
        let client = try engines.client(node.name)
        let version = try await client.version()
        nodes.append(
          BuilderNode(
            name: node.name, client: client,
            platform: BuildNode(name: node.name, architecture: version.arch ?? "amd64").platform))
      } catch {
        printError("warning: \(node.name) does not answer, it builds nothing: \(error)")
      }
    }
    guard !nodes.isEmpty else {
      throw CommandFailure("no node of \(inventory.file) answers: nothing can be built", exitCode: .unreachable)
    }
    return nodes
  }
}

extension BuildNodes {
  /// The tags the registry holds for each image (none for an image it does not have); when the registry cannot be
  /// read from here, a warning and no tags: the state file's last tag still numbers same-day builds.
  static func registryTags(_ registry: String, images: [String]) async -> [String: [String]] {
    var tags: [String: [String]] = [:]
    do {
      let client = try RegistryClient(address: registry)
      for image in images {
        do {
          tags[image] = try await client.tags(image)
        } catch .http(let status, _, _, _) where status == 404 {
          tags[image] = []
        }
      }
    } catch {
      printError("warning: cannot list the registry's tags (\(error)); same-day tags are numbered from the state file")
    }
    return tags
  }
}

/// One stderr line per progress event.
enum BuildProgressText {
  static func print(_ event: BuildProgress) {
    switch event {
    case .started(let image, let node):
      printError("\(node): \(image) started")
    case .step(let image, let node, let text, let elapsed):
      printError("\(node): \(image) \(BuildText.seconds(elapsed)) \(text.prefix(100))")
    case .ended(let outcome):
      let detail = outcome.reason.map { ": \($0)" } ?? ""
      printError("\(outcome.node ?? "-"): \(outcome.image) \(outcome.result.rawValue)\(detail)")
    case .nodeLost(let node, let reason):
      printError("\(node): lost (\(reason)); its image goes to another node")
    }
  }
}
