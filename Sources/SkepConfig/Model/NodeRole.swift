/// The role an inventory pins for a node.
public enum NodeRole: String, Sendable, Hashable, Codable, CaseIterable {
  /// skep chooses: the node may become a manager when the cluster needs one.
  case auto
  /// Always a manager.
  case manager
  /// Never a manager.
  case worker

  /// Whether a node with this role may be chosen as a manager.
  public var canBeManager: Bool { self != .worker }
}
