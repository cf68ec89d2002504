import Foundation

/// What `status` reports about one node.
public struct NodeStatus: Sendable, Codable, Equatable {
  public var name: String
  public var address: String
  public var socket: String
  /// The engine the node was started with.
  public var engine: EngineVersion
  /// What the daemon reports, when it answers.
  public var version: String?
  public var apiVersion: String?
  public var dockerdPid: Int32?
  public var dockerdAlive: Bool
  public var answers: Bool
}

/// What `status` reports about the registry.
public struct RegistryStatus: Sendable, Codable, Equatable {
  public var endpoint: String
  public var pid: Int32?
  public var alive: Bool
  /// `GET /v2/` answered 200.
  public var answers: Bool
}

/// A sandbox as seen now, from state.json plus live checks.
public struct SandboxStatusReport: Sendable, Codable, Equatable {
  public var directory: String
  public var phase: String
  public var bridge: String
  public var bridgePresent: Bool
  public var subnet: String
  public var inventory: String
  public var registry: RegistryStatus?
  public var nodes: [NodeStatus]

  /// True when the bridge, the registry and every node answer.
  public var healthy: Bool {
    bridgePresent && (registry?.answers ?? false) && nodes.allSatisfy(\.answers)
  }
}

/// Reads state.json and checks each piece live.
public enum SandboxInspector {
  public static func report(directory: String) async throws -> SandboxStatusReport {
    let layout = SandboxLayout(root: SandboxOptions.absolute(directory))
    guard let state = try StateFile(path: layout.stateFile).load() else {
      throw SandboxError(
        .notFound, "no sandbox in \(layout.root) (no state.json); start one with `skep sandbox up --dir \(layout.root)`"
      )
    }
    var nodes: [NodeStatus] = []
    for node in state.nodes {
      let info = await EngineProbe.version(socket: node.socket)
      let pid = ProcessTable.readPidFile(node.pidFile) ?? node.dockerdPid
      nodes.append(
        NodeStatus(
          name: node.name, address: node.address, socket: node.socket, engine: node.engine, version: info?.version,
          apiVersion: info?.apiVersion, dockerdPid: pid, dockerdAlive: pid.map(ProcessTable.isAlive) ?? false,
          answers: info != nil))
    }
    let registry = state.registry.map { registry -> RegistryStatus in
      let pid = ProcessTable.readPidFile(layout.registryPidFile) ?? registry.pid
      let answer = RegistryProbe.get(ipv4: registry.address, port: 5000, path: "/v2/")
      return RegistryStatus(
        endpoint: registry.endpoint, pid: pid, alive: pid.map(ProcessTable.isAlive) ?? false,
        answers: answer?.status == 200)
    }
    return SandboxStatusReport(
      directory: layout.root, phase: state.phase, bridge: state.bridge,
      bridgePresent: NetworkProbe.linkExists(state.bridge), subnet: state.subnet, inventory: layout.inventoryFile,
      registry: registry, nodes: nodes)
  }
}
