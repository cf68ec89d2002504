/// Refusals for `node drain` and `node rm`: pure checks against the observed member list.
public enum NodeSafety {
  /// Why removing `member` is unsafe, or nil when it is safe.
  ///
  /// A manager is demoted before it is removed, so removing it shrinks the manager set; the remaining reachable
  /// managers must still form a majority of the remaining managers, and the last manager is never removed.
  public static func refusalToRemove(_ member: SwarmMember, members: [SwarmMember]) -> String? {
    guard member.role == .manager else { return nil }
    let managers = members.filter { $0.role == .manager }
    let now = Quorum(managers: managers.count, reachable: managers.filter(isReachable).count)
    if managers.count <= 1 {
      return "\(member.hostname) is the last manager: removing it would destroy the swarm's state. Promote "
        + "another node first (raise `managers` in the inventory and run `skep cluster up`)."
    }
    let after = now.removingManager(reachable: isReachable(member))
    if !now.hasQuorum {
      return "the swarm has lost quorum (\(now.summary)). Removing manager \(member.hostname) needs a working "
        + "majority of managers; bring the unreachable managers back first."
    }
    if !after.hasQuorum {
      return "removing manager \(member.hostname) would lose quorum: Raft needs a majority of managers to "
        + "answer. Now \(now.reachable) of \(now.managers) managers answer; afterwards \(after.reachable) of "
        + "\(after.managers) would, and \(after.needed) are needed. Bring the unreachable managers back first."
    }
    return nil
  }

  /// Why draining `member` is unsafe, or nil when it is safe: draining the only node that can run tasks would
  /// stop every service.
  public static func refusalToDrain(_ member: SwarmMember, members: [SwarmMember]) -> String? {
    let others = members.filter { $0.id != member.id && $0.availability == "active" && $0.state == "ready" }
    if others.isEmpty {
      return "\(member.hostname) is the only active, ready node: draining it would stop every task. Bring "
        + "another node up first (or pass --force)."
    }
    return nil
  }

  /// Why restarting `member`'s engine now is unsafe, or nil when it is safe: while it restarts the node is gone, so
  /// a manager may go down only if the other reachable managers still form a majority, and the only node that can
  /// run tasks cannot be drained for it.
  public static func refusalToRestart(_ member: SwarmMember, members: [SwarmMember]) -> String? {
    if member.role == .manager {
      let managers = members.filter { $0.role == .manager }
      let now = Quorum(managers: managers.count, reachable: managers.filter(isReachable).count)
      let during = Quorum(managers: now.managers, reachable: now.reachable - (isReachable(member) ? 1 : 0))
      if !during.hasQuorum {
        return "restarting the engine of manager \(member.hostname) would lose quorum while it is down: now "
          + "\(now.reachable) of \(now.managers) managers answer, \(now.needed) are needed. Bring the unreachable "
          + "managers back first."
      }
    }
    return refusalToDrain(member, members: members)
  }

  static func isReachable(_ member: SwarmMember) -> Bool {
    member.leader || member.reachability == "reachable"
  }
}
