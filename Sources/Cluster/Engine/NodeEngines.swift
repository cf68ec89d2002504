import DockerEngine
import Foundation
import SkepConfig

/// Opens a Docker client per inventory node, from its `docker` endpoint, TLS files and `insecure` flag.
public struct NodeEngines: Sendable {
  public let inventory: Inventory
  private let clients: [String: DockerClient]
  /// The engine skep runs beside, inside the swarm (skep-control): tried first as the manager, and used for its
  /// own node whatever the inventory's endpoint for it says.
  private let local: (node: String, client: DockerClient)?

  /// The variables that name the local engine: `SKEP_MANAGER_ENDPOINT` (a Docker endpoint, `unix:///var/run/docker.sock`
  /// in skep-control's container) and `SKEP_NODE` (the node it runs on). skep-control's service spec sets both.
  public static let localEngineVariables = (endpoint: "SKEP_MANAGER_ENDPOINT", node: "SKEP_NODE")

  /// Fails on the first node whose endpoint cannot be used, naming where it is written.
  /// - Parameter environment: where `SKEP_MANAGER_ENDPOINT` and `SKEP_NODE` are read (the process's by default).
  public init(
    inventory: Inventory, allowInsecure: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    self.inventory = inventory
    if let endpoint = environment[Self.localEngineVariables.endpoint], !endpoint.isEmpty {
      do {
        let client = DockerClient(endpoint: try DockerEndpoint.parse(endpoint, tls: nil, allowInsecure: true))
        local = (environment[Self.localEngineVariables.node] ?? "", client)
      } catch {
        throw ClusterPlanError("\(Self.localEngineVariables.endpoint)=\(endpoint): \(error)")
      }
    } else {
      local = nil
    }
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
    if let local, local.node == name { return local.client }
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
    if let local {
      do {
        return AnsweringManager(name: local.node, client: local.client, swarmNodes: try await local.client.nodes())
      } catch {
        reasons.append("the local engine (\(Self.localEngineVariables.endpoint)): \(error)")
      }
    }
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
