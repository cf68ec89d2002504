import Backup
import DockerEngine

/// Puts back the containers an agent froze and did not put back (belt and braces: the agent restores them on errors
/// and signals, but an agent killed with SIGKILL, or on a node whose engine restarted, cannot). Only containers the
/// agents reported freezing are touched — never one paused by someone else — through each node's own Docker endpoint
/// from the inventory.
struct BackupUnpause {
  var context: BackupContext

  /// The containers put back; nodes whose engine cannot be reached are reported on stderr.
  func restore(_ frozen: [(node: String, container: String, hold: ContainerHoldLine.Change)]) async
    -> [BackupRunReport.Unpaused]
  {
    var restored: [BackupRunReport.Unpaused] = []
    for entry in frozen {
      do {
        let client = try context.engines.client(entry.node)
        let inspected = try await client.inspectContainer(entry.container)
        let name = inspected.name.map { String($0.drop { $0 == "/" }) } ?? String(entry.container.prefix(12))
        switch (entry.hold, inspected.state?.status) {
        case (.paused, "paused"):
          try await client.unpauseContainer(entry.container)
        case (.stopped, "exited"), (.stopped, "created"):
          try await client.startContainer(entry.container)
        default:
          continue
        }
        restored.append(.init(node: entry.node, container: name))
      } catch {
        printError(
          "warning: could not put back container \(entry.container.prefix(12)) on \(entry.node) "
            + "(\(entry.hold.rawValue) by the backup): \(error)")
      }
    }
    return restored
  }
}
