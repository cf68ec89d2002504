import DockerEngine
import Logging
import SkepConfig

/// `node drain` and `node rm`, with the refusals of `NodeSafety` checked first.
public struct NodeOperations: Sendable {
  public let engines: NodeEngines
  let observer: ClusterObserver
  let logger: Logger

  public init(engines: NodeEngines, logger: Logger = Logger(label: "skep.node")) {
    self.engines = engines
    self.observer = ClusterObserver(engines: engines, logger: logger)
    self.logger = logger
  }

  /// Sets the node's availability to drain, so its tasks move elsewhere.
  public func drain(_ name: String, force: Bool) async throws {
    let observed = await observer.observe()
    let (member, managerName) = try locate(name, in: observed)
    if !force, let refusal = NodeSafety.refusalToDrain(member, members: observed.members) {
      throw NodeRefusal(refusal)
    }
    try await update(member.id, through: managerName) { $0.availability = .drain }
  }

  /// Removes the node from the swarm: demote (managers), drain, leave on its own engine, remove the entry.
  public func remove(_ name: String, progress: @Sendable (String) -> Void = { _ in }) async throws {
    let observed = await observer.observe()
    let (member, _) = try locate(name, in: observed)
    if let refusal = NodeSafety.refusalToRemove(member, members: observed.members) {
      throw NodeRefusal(refusal)
    }
    // Talk to a manager other than the node being removed.
    let others = observed.engines.filter { $0.controlAvailable && $0.name != name }
    guard let managerName = others.first?.name else {
      throw NodeRefusal("no other manager answers, so \(name) cannot be removed safely")
    }
    if member.role == .manager {
      progress("demote \(name) to worker")
      try await update(member.id, through: managerName) { $0.role = .worker }
    }
    progress("drain \(name)")
    try await update(member.id, through: managerName) { $0.availability = .drain }
    if observed.engine(named: name)?.reachable == true {
      progress("leave the swarm on \(name)")
      try await engines.client(name).swarmLeave(force: false)
    } else {
      progress("\(name) does not answer: its engine will still think it is in the swarm")
    }
    progress("remove \(name) from the swarm's node list")
    try await engines.client(managerName).removeNode(member.id, force: true)
  }

  private func locate(_ name: String, in observed: ObservedCluster) throws -> (SwarmMember, String) {
    guard let node = engines.inventory.node(named: name) else {
      throw UnknownNode(name: name, inventory: engines.inventory)
    }
    guard let managerName = observed.managerName else {
      throw NodeRefusal("no manager of the swarm answers: cannot change \(name)")
    }
    guard let member = MemberMatching(observed: observed).member(for: node) else {
      throw NodeRefusal("\(name) is not in the swarm")
    }
    return (member, managerName)
  }

  private func update(_ id: String, through managerName: String, _ change: (inout NodeSpec) -> Void) async throws {
    try await engines.client(managerName).changeNodeSpec(id, change)
  }
}

/// A node operation skep refused because it would be unsafe; nothing was changed.
public struct NodeRefusal: Error, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}

/// A node name the inventory does not have; nothing was changed.
public struct UnknownNode: Error, Sendable, CustomStringConvertible {
  public var name: String
  public var known: [String]
  public var file: String

  public init(name: String, inventory: Inventory) {
    self.name = name
    self.known = inventory.nodes.map(\.name)
    self.file = inventory.file
  }

  public var description: String {
    "no node named '\(name)' in \(file) (it has \(known.joined(separator: ", ")))"
  }
}
