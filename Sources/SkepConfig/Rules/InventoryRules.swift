/// Rules that need more than one node: uniqueness and the manager count.
enum InventoryRules {
  static func checkUnique(_ nodes: [ParsedNode]) throws(InventoryError) {
    var names: [String: SourceLocation] = [:]
    var addresses: [String: SourceLocation] = [:]
    for parsed in nodes {
      let node = parsed.node
      if let first = names[node.name] {
        throw InventoryError(
          location: parsed.nameLocation, message: "duplicate node name '\(node.name)' (first defined at \(first))")
      }
      names[node.name] = parsed.nameLocation
      let address = node.address.lowercased()
      if let first = addresses[address] {
        throw InventoryError(
          location: node.addressLocation,
          message: "duplicate address '\(node.address)' on node '\(node.name)' (first used at \(first));"
            + " every node needs its own address")
      }
      addresses[address] = node.addressLocation
    }
  }

  static func checkManagers(_ managers: Int, at location: SourceLocation, nodes: [ParsedNode]) throws(InventoryError) {
    if managers < 1 {
      throw InventoryError(
        location: location, message: "'managers' is \(managers); a swarm needs at least 1 manager (use 1, 3 or 5)")
    }
    if managers > 7 {
      throw InventoryError(
        location: location, message: "'managers' is \(managers); more than 7 managers slows Raft down; use 3 or 5")
    }
    if managers.isMultiple(of: 2) {
      throw InventoryError(
        location: location,
        message: "'managers' is \(managers); an even number of managers tolerates no more failures than one fewer"
          + " (\(managers) tolerates \((managers - 1) / 2) like \(managers - 1)) and risks a split vote;"
          + " use 1, 3, 5 or 7")
    }
    let eligible = nodes.filter { $0.node.role.canBeManager }
    if managers > eligible.count {
      let workers = nodes.count - eligible.count
      let detail = workers == 0 ? "" : " (\(workers) pinned with role: worker)"
      throw InventoryError(
        location: location,
        message: "'managers' is \(managers) but only \(eligible.count) of \(nodes.count) nodes can be managers"
          + "\(detail); lower 'managers' or add nodes")
    }
    let pinned = nodes.filter { $0.node.role == .manager }
    if pinned.count > managers {
      let extra = pinned[managers]
      throw InventoryError(
        location: extra.roleLocation ?? extra.node.location,
        message: "\(pinned.count) nodes have role: manager but 'managers' is \(managers) (at \(location));"
          + " raise 'managers' or pin fewer nodes")
    }
  }
}
