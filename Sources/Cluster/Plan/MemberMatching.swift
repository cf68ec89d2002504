import SkepConfig

/// Ties inventory nodes to swarm members: by the node ID the node's own engine reports, else by hostname.
struct MemberMatching: Sendable {
  let observed: ObservedCluster

  /// The member that is this inventory node now, if any.
  func member(for node: InventoryNode) -> SwarmMember? {
    if let id = observed.engine(named: node.name)?.nodeID, let byID = observed.members.first(where: { $0.id == id }) {
      return byID
    }
    let byName = observed.members.filter { $0.hostname == node.name }
    return byName.first { $0.state != "down" } ?? byName.first
  }

  /// Members that carry this node's hostname but are not the node any more (it left or was reset and rejoined).
  ///
  /// With `currentID` nil the node's own engine says it is in no swarm, so every entry with its hostname is stale,
  /// even one the managers still show as ready (they notice a departure only after a heartbeat timeout). Otherwise
  /// only entries that are down are stale: a `ready` one might be another machine with the same hostname.
  func staleMembers(for node: InventoryNode, currentID: String?) -> [SwarmMember] {
    observed.members.filter { member in
      guard member.hostname == node.name else { return false }
      guard let currentID else { return true }
      return member.id != currentID && member.state == "down"
    }
  }
}
