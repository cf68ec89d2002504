/// Which node sends to which in `skep bench net`, one pair after another (never two at once: they would share
/// links and CPUs).
public enum NetPairs {
  /// How many nodes the default covers.
  public static let defaultNodeCount = 3

  /// A sender and a receiver.
  public struct Pair: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public init(from: String, to: String) {
      self.from = from
      self.to = to
    }
  }

  /// `--from A --to B`: that pair. Otherwise over `nodes` (default: the first three swarm nodes in inventory
  /// order): a ring A→B, B→C, C→A (each node sends once and receives once), or every ordered pair with `allPairs`.
  public static func plan(
    nodes: [String], from: String?, to: String?, allPairs: Bool, members: [String]
  ) -> Result<[Pair], NetPairsProblem> {
    if from != nil || to != nil {
      guard let from, let to else { return .failure(.init("--from and --to go together")) }
      guard from != to else { return .failure(.init("--from and --to must be two different nodes")) }
      return .success([Pair(from: from, to: to)])
    }
    let chosen = nodes.isEmpty ? Array(members.prefix(defaultNodeCount)) : nodes
    guard Set(chosen).count == chosen.count else { return .failure(.init("a node is named twice")) }
    guard chosen.count >= 2 else { return .failure(.init("bench net needs two nodes at least")) }
    if allPairs {
      return .success(chosen.flatMap { from in chosen.filter { $0 != from }.map { Pair(from: from, to: $0) } })
    }
    if chosen.count == 2 { return .success([Pair(from: chosen[0], to: chosen[1])]) }
    return .success(chosen.indices.map { Pair(from: chosen[$0], to: chosen[($0 + 1) % chosen.count]) })
  }
}

/// Why the nodes given to `bench net` make no pairs.
public struct NetPairsProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
