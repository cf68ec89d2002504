import Cluster
import DockerEngine
import Foundation
import SkepConfig
import VolumeAgent

/// Every node's view of the skep volumes, read through each node's engine (`docker volume inspect` asks the node's
/// agent); nodes that do not answer are listed apart.
struct VolumeViews {
  var views: [NodeVolumeView]
  var unreachable: [String: String]
  var members: Set<String>
  var manager: DockerClient

  static func read(inventory: Inventory) async throws -> VolumeViews {
    let engines = try NodeEngines(inventory: inventory)
    let manager = try await engines.answeringManager()
    var views: [NodeVolumeView] = []
    var unreachable: [String: String] = [:]
    for node in inventory.nodes {
      do {
        let client = try engines.client(node.name)
        let volumes = try await client.volumes(filters: ["driver": [VolumeAgentDefaults.driverName]])
        for volume in volumes where volume.driver == VolumeAgentDefaults.driverName {
          let inspected = try await client.volume(volume.name)
          views.append(NodeVolumeView(node: node.name, name: volume.name, status: inspected.status ?? [:]))
        }
      } catch {
        unreachable[node.name] = "\(error)"
      }
    }
    let members = Set(manager.swarmNodes.compactMap { $0.description?.hostname })
    return VolumeViews(views: views, unreachable: unreachable, members: members, manager: manager.client)
  }
}
