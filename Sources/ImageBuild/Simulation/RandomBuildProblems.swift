import Foundation

/// Random image graphs with durations, for simulations: `skep bench schedule-sim` and the tests.
public enum RandomBuildProblems {
  /// The graph families.
  public enum Family: String, Sendable, CaseIterable {
    /// Home-lab trees: a few wide base images, then layers where each image starts FROM one image of an earlier
    /// layer (shallow ones more often) and sometimes also copies from another (15 %).
    case layered
    /// G(n, p) DAGs: images in a random order, each earlier image a parent with probability p = c / n, c uniform in
    /// [1, 4] per graph (1 to 4 parents per image on average towards the end of the order).
    case gnp
  }

  /// A random graph of `count` images (named `img000`…) and a duration per image, in seconds.
  public static func make<R: RandomNumberGenerator>(_ family: Family, images count: Int, using rng: inout R) -> (
    graph: BuildGraph, durations: [String: Double]
  ) {
    let names = (0..<count).map { "img" + String(repeating: "0", count: max(0, 3 - String($0).count)) + String($0) }
    let edges: [[Int]]
    var durations: [Double]
    switch family {
    case .layered: (edges, durations) = layered(count, &rng)
    case .gnp:
      edges = gnp(count, &rng)
      durations = (0..<count).map { _ in Double.random(in: 10...600, using: &rng).rounded() }
    }
    var parents: [String: [String]] = [:]
    for (index, list) in edges.enumerated() { parents[names[index]] = list.map { names[$0] } }
    // Parents always come earlier in the index order, so the graph is acyclic.
    let graph = BuildGraph(acyclic: parents)
    durations = durations.map { max(1, $0) }
    return (graph, Dictionary(uniqueKeysWithValues: zip(names, durations)))
  }

  private static func layered<R: RandomNumberGenerator>(_ count: Int, _ rng: inout R) -> ([[Int]], [Double]) {
    let bases = min(count, Int.random(in: 2...5, using: &rng))
    let layers = Int.random(in: 3...7, using: &rng)
    var layerOf = Array(repeating: 0, count: bases)
    var edges: [[Int]] = Array(repeating: [], count: bases)
    var durations = (0..<bases).map { _ in Double.random(in: 200...900, using: &rng).rounded() }
    for _ in bases..<count {
      // Shallow layers are likelier parents: the layer is the minimum of two uniform draws.
      let parentLayer = min(Int.random(in: 0..<layers - 1, using: &rng), Int.random(in: 0..<layers - 1, using: &rng))
      let pool = layerOf.indices.filter { layerOf[$0] <= parentLayer }
      let primary = pool.randomElement(using: &rng) ?? 0
      var parents = [primary]
      if Double.random(in: 0..<1, using: &rng) < 0.15, let extra = layerOf.indices.randomElement(using: &rng),
        extra != primary
      {
        parents.append(extra)
      }
      edges.append(parents)
      layerOf.append(layerOf[primary] + 1)
      // Log-uniform between 20 s and 10 min: many quick images, a few slow ones.
      durations.append((20 * pow(2, Double.random(in: 0..<1, using: &rng) * 4.9)).rounded())
    }
    return (edges, durations)
  }

  private static func gnp<R: RandomNumberGenerator>(_ count: Int, _ rng: inout R) -> [[Int]] {
    let probability = Double.random(in: 1...4, using: &rng) / Double(max(count, 1))
    return (0..<count).map { index in
      (0..<index).filter { _ in Double.random(in: 0..<1, using: &rng) < probability }.shuffled(using: &rng)
    }
  }
}
