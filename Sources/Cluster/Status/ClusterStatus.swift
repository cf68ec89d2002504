import SkepConfig

/// One row of `skep cluster status`.
public struct NodeStatusRow: Sendable, Hashable, Codable {
  public var name: String
  public var inInventory: Bool
  public var id: String?
  /// manager, worker, or nil when the node is not in the swarm.
  public var role: SwarmRole?
  /// leader, reachable, unreachable, unknown for managers; nil for workers.
  public var managerStatus: String?
  public var availability: String?
  /// ready, down, … from the swarm; "not in swarm" for inventory nodes the swarm does not list.
  public var state: String
  public var engineVersion: String?
  public var address: String?
  public var labels: [String: String]
}

/// What `skep cluster status` prints: one row per node and the quorum line.
public struct ClusterStatus: Sendable, Hashable, Codable {
  public var clusterID: String?
  /// The inventory node whose engine answered.
  public var answeredBy: String?
  public var nodes: [NodeStatusRow]
  public var quorum: Quorum
  public var warnings: [String]

  /// Builds the report from what was observed; inventory nodes come first, in inventory order, then members the
  /// inventory does not list.
  public static func make(inventory: Inventory, observed: ObservedCluster) -> ClusterStatus {
    let matching = MemberMatching(observed: observed)
    var rows: [NodeStatusRow] = []
    var listed = Set<String>()
    for node in inventory.nodes {
      let engine = observed.engine(named: node.name)
      if let member = matching.member(for: node) {
        listed.insert(member.id)
        var row = Self.row(member, inInventory: true)
        row.name = node.name
        row.engineVersion = row.engineVersion ?? engine?.engineVersion
        rows.append(row)
      } else {
        let state = engine?.reachable == false ? "unreachable engine" : "not in swarm"
        rows.append(
          NodeStatusRow(
            name: node.name, inInventory: true, id: nil, role: nil, managerStatus: nil, availability: nil,
            state: state, engineVersion: engine?.engineVersion, address: node.address, labels: [:]))
      }
    }
    for member in observed.members where !listed.contains(member.id) {
      rows.append(Self.row(member, inInventory: false))
    }
    let managers = observed.members.filter { $0.role == .manager }
    let reachable = managers.filter { $0.leader || $0.reachability == "reachable" }
    var warnings: [String] = []
    if managers.count > 0 && managers.count % 2 == 0 {
      warnings.append(
        "\(managers.count) managers is an even count: it tolerates no more losses than \(managers.count - 1)")
    }
    if observed.members.isEmpty {
      warnings.append("no manager answered: run `skep cluster up` to form the swarm")
    }
    return ClusterStatus(
      clusterID: observed.clusterID, answeredBy: observed.managerName, nodes: rows,
      quorum: Quorum(managers: managers.count, reachable: reachable.count), warnings: warnings)
  }

  private static func row(_ member: SwarmMember, inInventory: Bool) -> NodeStatusRow {
    let managerStatus: String? =
      member.role == .manager ? (member.leader ? "leader" : (member.reachability ?? "unknown")) : nil
    return NodeStatusRow(
      name: member.hostname, inInventory: inInventory, id: member.id, role: member.role,
      managerStatus: managerStatus, availability: member.availability, state: member.state,
      engineVersion: member.engineVersion, address: member.address, labels: member.labels)
  }
}
