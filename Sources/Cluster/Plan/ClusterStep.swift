/// One write `cluster up` makes to an engine. Node names are inventory names.
public enum ClusterStep: Sendable, Hashable, CustomStringConvertible {
  /// `swarm init` on this node, advertising its inventory address.
  case initSwarm(node: String)
  /// `swarm join` with the manager or worker token, through a manager that answers.
  case join(node: String, role: SwarmRole)
  /// Change the role of a node that is in the swarm.
  case promote(node: String)
  case demote(node: String)
  /// Remove a member entry left behind by a node that left or was reset and joined again (demoted first if it was a
  /// manager).
  case removeStale(id: String, hostname: String, wasManager: Bool)
  /// Set the inventory's labels on the node (labels not in the inventory are kept).
  case setLabels(node: String, labels: [String: String])

  public var description: String {
    switch self {
    case .initSwarm(let node): "init a new swarm on \(node)"
    case .join(let node, let role): "join \(node) as \(role.rawValue)"
    case .promote(let node): "promote \(node) to manager"
    case .demote(let node): "demote \(node) to worker"
    case .removeStale(let id, let hostname, let wasManager):
      wasManager
        ? "demote and remove the stale entry \(id.prefix(12)) left by \(hostname)"
        : "remove the stale entry \(id.prefix(12)) left by \(hostname)"
    case .setLabels(let node, let labels):
      "label \(node) " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
  }
}
