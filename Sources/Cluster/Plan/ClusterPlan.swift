import SkepConfig

/// Why no plan could be made; nothing was changed.
public struct ClusterPlanError: Error, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}

/// The writes that bring the observed swarm to what the inventory wants. Pure: no I/O, computed from the observed
/// state, so a plan with no steps means a run changes nothing.
public struct ClusterPlan: Sendable, Hashable {
  public var steps: [ClusterStep]
  /// Things skep noticed and left alone (unreachable nodes, members of another swarm…).
  public var warnings: [String]
  /// The nodes that should be managers once the plan has run.
  public var managers: [String]

  public var isEmpty: Bool { steps.isEmpty }

  public init(steps: [ClusterStep], warnings: [String], managers: [String]) {
    self.steps = steps
    self.warnings = warnings
    self.managers = managers
  }

  /// Computes the plan for `inventory` from `observed`.
  public static func make(inventory: Inventory, observed: ObservedCluster) throws -> ClusterPlan {
    var builder = PlanBuilder(inventory: inventory, observed: observed)
    try builder.build()
    return ClusterPlan(steps: builder.orderedSteps, warnings: builder.warnings, managers: builder.managers)
  }
}

/// Accumulates steps by kind, so they come out in a safe order: init, joins (managers first), promotions before
/// demotions (never dipping below quorum), stale entries, labels.
struct PlanBuilder {
  let inventory: Inventory
  let observed: ObservedCluster
  let matching: MemberMatching
  let managers: [String]
  var initialize: [ClusterStep] = []
  var joins: [ClusterStep] = []
  var promotions: [ClusterStep] = []
  var demotions: [ClusterStep] = []
  var stale: [ClusterStep] = []
  var labels: [ClusterStep] = []
  var warnings: [String] = []

  init(inventory: Inventory, observed: ObservedCluster) {
    self.inventory = inventory
    self.observed = observed
    self.matching = MemberMatching(observed: observed)
    self.managers = ManagerSelection.managers(for: inventory, observed: observed)
  }

  var orderedSteps: [ClusterStep] {
    let managerJoins = joins.filter { if case .join(_, .manager) = $0 { true } else { false } }
    let workerJoins = joins.filter { !managerJoins.contains($0) }
    return initialize + managerJoins + workerJoins + promotions + demotions + stale + labels
  }

  mutating func build() throws {
    let initNode = try chooseInitNode()
    if let initNode {
      initialize.append(.initSwarm(node: initNode))
    }
    for node in inventory.nodes {
      guard let engine = observed.engine(named: node.name), engine.reachable else {
        let reason = observed.engine(named: node.name)?.error ?? "not observed"
        warnings.append("\(node.name) (\(node.docker)) does not answer, skipped: \(reason)")
        continue
      }
      if node.name == initNode {
        planLabels(for: node, member: nil)
        continue
      }
      plan(node, engine: engine)
    }
    for member in observed.members where !inventory.nodes.contains(where: { matching.member(for: $0)?.id == member.id })
    {
      if !inventory.nodes.contains(where: { $0.name == member.hostname }) {
        warnings.append("swarm member \(member.hostname) (\(member.id.prefix(12))) is not in the inventory: left alone")
      }
    }
  }

  /// The node to `swarm init` on, or nil when a swarm already exists.
  private func chooseInitNode() throws -> String? {
    guard observed.clusterID == nil else { return nil }
    let stranded = observed.engines.filter { $0.reachable && $0.localState == .active }
    if !stranded.isEmpty {
      let names = stranded.map(\.name).joined(separator: ", ")
      throw ClusterPlanError(
        "\(names) \(stranded.count == 1 ? "is" : "are") in a swarm, but no manager of it answers. Start a manager "
          + "of that swarm, or if it is gone for good, run `docker swarm leave --force` on these nodes, then run "
          + "`skep cluster up` again.")
    }
    let reachable = Set(observed.engines.filter(\.reachable).map(\.name))
    guard let first = managers.first(where: reachable.contains) else {
      throw ClusterPlanError(
        "no node that may be a manager answers, so no swarm can be formed. Check the `docker` endpoints in "
          + "\(inventory.file) and that dockerd runs on those nodes.")
    }
    return first
  }

  private mutating func plan(_ node: InventoryNode, engine: ObservedEngine) {
    let wantManager = managers.contains(node.name)
    switch engine.localState {
    case .inactive:
      joins.append(.join(node: node.name, role: wantManager ? .manager : .worker))
      for old in matching.staleMembers(for: node, currentID: nil) {
        stale.append(.removeStale(id: old.id, hostname: old.hostname, wasManager: old.role == .manager))
      }
      planLabels(for: node, member: nil)
    case .active:
      if let member = matching.member(for: node), member.id == engine.nodeID {
        if wantManager && member.role == .worker { promotions.append(.promote(node: node.name)) }
        if !wantManager && member.role == .manager { demotions.append(.demote(node: node.name)) }
        for old in matching.staleMembers(for: node, currentID: member.id) {
          stale.append(.removeStale(id: old.id, hostname: old.hostname, wasManager: old.role == .manager))
        }
        planLabels(for: node, member: member)
      } else if let other = engine.clusterID, other != observed.clusterID {
        warnings.append("\(node.name) belongs to another swarm (\(other.prefix(12))): left alone")
      } else {
        warnings.append(
          "\(node.name) says it is in a swarm, but the managers do not list it: run `docker swarm leave --force` "
            + "on it, then `skep cluster up` again")
      }
    case .pending, .error, .locked, .unknown:
      warnings.append("\(node.name) is in swarm state '\(engine.localState.rawValue)': left alone")
    }
  }

  private mutating func planLabels(for node: InventoryNode, member: SwarmMember?) {
    guard !node.labels.isEmpty else { return }
    let current = member?.labels ?? [:]
    if node.labels.contains(where: { current[$0.key] != $0.value }) {
      labels.append(.setLabels(node: node.name, labels: node.labels))
    }
  }
}
