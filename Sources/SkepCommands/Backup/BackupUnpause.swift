import Backup
import DockerEngine

/// Unpauses containers left paused on the job's nodes (belt and braces: the agent unpauses on errors and signals,
/// but an agent killed with SIGKILL cannot), through each node's own Docker endpoint from the inventory.
struct BackupUnpause {
  var context: BackupContext

  /// The containers unpaused, per node; nodes whose engine cannot be reached are reported on stderr.
  func unpause(nodes: [String]) async -> [BackupRunReport.Unpaused] {
    var unpaused: [BackupRunReport.Unpaused] = []
    for node in nodes {
      do {
        let client = try context.engines.client(node)
        for container in try await client.containers(filters: ["status": ["paused"]]) {
          try await client.unpauseContainer(container.id)
          let name = container.names?.first.map { String($0.drop { $0 == "/" }) } ?? String(container.id.prefix(12))
          unpaused.append(.init(node: node, container: name))
        }
      } catch {
        printError("warning: could not check \(node) for paused containers: \(error)")
      }
    }
    return unpaused
  }
}
