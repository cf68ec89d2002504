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

/// A swarm manager found among the inventory's nodes.
public struct AnsweringManager: Sendable {
  /// The inventory node's name.
  public var name: String
  public var client: DockerClient
  /// The swarm's nodes as that manager lists them.
  public var swarmNodes: [SwarmNode]
}

/// No inventory node answered as a swarm manager; one line per node says why.
public struct NoManagerAnswers: Error, CustomStringConvertible, Sendable {
  /// `node: error`, in inventory order.
  public var reasons: [String]
  public var description: String {
    "no swarm manager answers (run skep cluster up first):\n  " + reasons.joined(separator: "\n  ")
  }
}

extension NodeEngines {
  /// The first inventory node, in file order, whose engine lists the swarm's nodes (only a manager can).
  public func firstManager() async throws(NoManagerAnswers) -> AnsweringManager {
    var reasons: [String] = []
    for node in inventory.nodes {
      guard let client = clients[node.name] else { continue }
      do {
        return AnsweringManager(name: node.name, client: client, swarmNodes: try await client.nodes())
      } catch {
        reasons.append("\(node.name): \(error)")
      }
    }
    throw NoManagerAnswers(reasons: reasons)
  }
}
