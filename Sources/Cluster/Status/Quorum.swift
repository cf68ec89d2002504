/// Raft arithmetic for swarm managers.
public struct Quorum: Sendable, Hashable, Codable {
  /// Managers the swarm has, reachable or not.
  public var managers: Int
  /// Managers that answer now.
  public var reachable: Int

  public init(managers: Int, reachable: Int) {
    self.managers = managers
    self.reachable = reachable
  }

  /// Managers needed for the swarm to accept changes: a strict majority.
  public var needed: Int { managers / 2 + 1 }

  /// Whether the swarm has a working majority now.
  public var hasQuorum: Bool { managers > 0 && reachable >= needed }

  /// How many more manager losses the swarm survives now; negative when quorum is already lost.
  public var toleratedLosses: Int { reachable - needed }

  /// One line for people, e.g. "3 managers, 3 reachable: tolerates 1 more manager loss".
  public var summary: String {
    let head = "\(managers) manager\(managers == 1 ? "" : "s"), \(reachable) reachable"
    guard managers > 0 else { return "no swarm" }
    guard hasQuorum else {
      return "\(head): QUORUM LOST (needs \(needed)); the swarm accepts no changes until managers come back"
    }
    switch toleratedLosses {
    case 0: return "\(head): tolerates no further manager loss"
    case 1: return "\(head): tolerates 1 more manager loss"
    default: return "\(head): tolerates \(toleratedLosses) more manager losses"
    }
  }

  /// The quorum after removing one manager (reachable or not) from the swarm.
  public func removingManager(reachable wasReachable: Bool) -> Quorum {
    Quorum(managers: managers - 1, reachable: reachable - (wasReachable ? 1 : 0))
  }
}

extension Quorum {
  enum CodingKeys: String, CodingKey {
    case managers, reachable, needed, toleratedLosses, hasQuorum, summary
  }

  /// Encodes the derived figures too, so scripts need no Raft arithmetic of their own.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(managers, forKey: .managers)
    try container.encode(reachable, forKey: .reachable)
    try container.encode(needed, forKey: .needed)
    try container.encode(toleratedLosses, forKey: .toleratedLosses)
    try container.encode(hasQuorum, forKey: .hasQuorum)
    try container.encode(summary, forKey: .summary)
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      managers: try container.decode(Int.self, forKey: .managers),
      reachable: try container.decode(Int.self, forKey: .reachable))
  }
}
