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
  func staleMembers(for node: InventoryNode, currentID: String?) -> [SwarmMember] {
    observed.members.filter { member in
      member.hostname == node.name && member.id != currentID && member.state == "down"
    }
  }
}
