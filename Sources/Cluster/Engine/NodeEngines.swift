import DockerEngine
import SkepConfig

/// Opens a Docker client per inventory node, from its `docker` endpoint, TLS files and `insecure` flag.
public struct NodeEngines: Sendable {
  public let inventory: Inventory
  private let clients: [String: DockerClient]

  /// Fails on the first node whose endpoint cannot be used, naming where it is written.
  public init(inventory: Inventory, allowInsecure: Bool = false) throws {
    self.inventory = inventory
    var clients: [String: DockerClient] = [:]
    for node in inventory.nodes {
      let tls = node.tls.map { DockerTLS(ca: $0.ca, cert: $0.cert, key: $0.key, verify: $0.verify) }
      do {
        let endpoint = try DockerEndpoint.parse(node.docker, tls: tls, allowInsecure: allowInsecure || node.insecure)
        clients[node.name] = DockerClient(endpoint: endpoint)
      } catch {
        throw ClusterPlanError("\(node.dockerLocation): node \(node.name): \(error)")
      }
    }
    self.clients = clients
  }

  /// The client for an inventory node.
  public func client(_ name: String) throws -> DockerClient {
    guard let client = clients[name] else {
      throw ClusterPlanError("no node named '\(name)' in \(inventory.file)")
    }
    return client
  }
}
