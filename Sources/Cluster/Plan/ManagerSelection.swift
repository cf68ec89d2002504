import SkepConfig

/// Chooses which inventory nodes should be managers, preferring the ones that already are, so a re-run never
/// shuffles roles.
public enum ManagerSelection {
  /// Names of the nodes that should be managers, at most `inventory.managers` of them.
  ///
  /// Order of preference: nodes pinned with `role: manager`; current managers; then the remaining `auto` nodes that
  /// answer, in inventory order; nodes pinned with `role: worker` are never chosen.
  public static func managers(for inventory: Inventory, observed: ObservedCluster) -> [String] {
    let matching = MemberMatching(observed: observed)
    let eligible = inventory.nodes.filter { $0.role != .worker }
    let pinned = eligible.filter { $0.role == .manager }
    let current = eligible.filter { $0.role == .auto && matching.member(for: $0)?.role == .manager }
    let reachable = eligible.filter { node in
      node.role == .auto && observed.engine(named: node.name)?.reachable == true
    }
    let rest = eligible.filter { $0.role == .auto }
    var chosen: [String] = []
    for node in pinned + current + reachable + rest where !chosen.contains(node.name) {
      guard chosen.count < inventory.managers else { break }
      chosen.append(node.name)
    }
    return chosen
  }
}
