import DockerEngine
import Foundation

/// What a safe engine restart went through, for the report.
public struct EngineRestart: Sendable, Hashable {
  /// The node.
  public var node: String
  /// Seconds from the drain to the node being active again.
  public var seconds: Double
}

/// A restart that went wrong after skep had drained the node (a refusal before that is a ``NodeRefusal``).
public struct EngineRestartFailure: Error, Sendable, CustomStringConvertible {
  public var node: String
  public var reason: String
  /// True when skep drained the node and could not make it active again.
  public var leftDrained: Bool

  public var description: String {
    "restarting the engine on \(node) failed: \(reason)"
      + (leftDrained
        ? ". The node is left drained; once it is healthy, run `docker node update --availability active \(node)`"
        : "")
  }
}

extension NodeOperations {
  /// Restarts one node's engine without losing quorum or tasks: refuses when the swarm cannot spare the node
  /// (``NodeSafety/refusalToRestart(_:members:)``), drains it, waits for its tasks to stop, runs `restart`, waits
  /// until its engine answers and the swarm sees it ready (and reachable, for a manager), then makes it active
  /// again (when it was active before). If anything fails after the drain, the error says the node is left drained.
  public func restartEngine(
    _ name: String, timeout: Double = 120, progress: @Sendable (String) -> Void = { _ in },
    restart: @Sendable () async throws -> Void
  ) async throws -> EngineRestart {
    let started = Date()
    let observed = await observer.observe()
    guard let node = engines.inventory.node(named: name) else {
      throw UnknownNode(name: name, inventory: engines.inventory)
    }
    guard let member = MemberMatching(observed: observed).member(for: node) else {
      throw NodeRefusal("\(name) is not in the swarm")
    }
    if let refusal = NodeSafety.refusalToRestart(member, members: observed.members) {
      throw NodeRefusal(refusal)
    }
    // Ask another manager when there is one: this node's engine goes away.
    let others = observed.engines.filter { $0.controlAvailable && $0.name != name }.map(\.name)
    guard let manager = others.first ?? observed.managerName else {
      throw NodeRefusal("no manager of the swarm answers: cannot drain \(name)")
    }
    let wasActive = member.availability == "active"
    if wasActive {
      progress("drain \(name)")
      try await engines.client(manager).changeNodeSpec(member.id) { $0.availability = .drain }
    }
    do {
      try await waitForTasksToStop(on: member.id, through: manager, timeout: timeout)
      progress("restart the engine on \(name)")
      try await restart()
      try await waitUntilBack(member, name: name, managers: others, timeout: timeout)
      if wasActive {
        progress("make \(name) active again")
        try await engines.client(manager).changeNodeSpec(member.id) { $0.availability = .active }
      }
      return EngineRestart(node: name, seconds: Date().timeIntervalSince(started))
    } catch {
      throw EngineRestartFailure(node: name, reason: "\(error)", leftDrained: wasActive)
    }
  }

  /// Waits until no task on the node is still running (the drain moved them away).
  private func waitForTasksToStop(on nodeID: String, through manager: String, timeout: Double) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let tasks = try await engines.client(manager).tasks(filters: ["node": [nodeID]])
      if !tasks.contains(where: { ["running", "starting", "preparing", "assigned"].contains($0.status.state) }) {
        return
      }
      try await Task.sleep(for: .milliseconds(500))
    }
    throw NodeRefusal("its tasks did not stop within \(Int(timeout)) s of the drain")
  }

  /// Waits until the node's engine answers and is back in the swarm on its own account (active, and with the
  /// control plane for a manager), and the swarm (the first of the other managers that answers) lists it ready, and
  /// reachable for a manager. The other managers' view alone can be stale: a restart shorter than their heartbeat
  /// leaves the node listed ready throughout.
  private func waitUntilBack(_ member: SwarmMember, name: String, managers: [String], timeout: Double) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let info = try? await engines.client(name).info(), info.swarm?.localNodeState == .active,
        member.role != .manager || info.swarm?.controlAvailable == true,
        let nodes = await firstList(of: managers),
        let again = nodes.first(where: { $0.id == member.id }), again.status.state == .ready,
        member.role != .manager || again.managerStatus?.reachability == .reachable
      {
        return
      }
      try await Task.sleep(for: .milliseconds(500))
    }
    throw NodeRefusal("its engine did not come back ready within \(Int(timeout)) s")
  }

  /// The node list of the first manager in `managers` that answers.
  private func firstList(of managers: [String]) async -> [SwarmNode]? {
    for manager in managers {
      if let nodes = try? await engines.client(manager).nodes() { return nodes }
    }
    return nil
  }
}
