/// One thing `skep clean` looked at, and what it decided.
public struct CleanAction: Sendable, Hashable, Codable {
  /// What kind of object.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case container, image, volume, job
  }

  /// Remove it, or keep it.
  public enum Decision: String, Sendable, Hashable, Codable {
    case remove, keep
  }

  /// The node it lives on (`swarm` for job services).
  public var node: String
  public var kind: Kind
  /// The name people know it by (short ID for images).
  public var name: String
  /// What Docker removes it by.
  public var id: String
  public var decision: Decision
  public var reason: String

  /// Creates an action.
  public init(node: String, kind: Kind, name: String, id: String, decision: Decision, reason: String) {
    self.node = node
    self.kind = kind
    self.name = name
    self.id = id
    self.decision = decision
    self.reason = reason
  }
}
