/// A dependency graph of images: each image with the images it needs built first ("parents").
///
/// Parents keep the order given, first one first: planners read the first parent as the primary one (the image the
/// final stage starts from), the one whose node a child prefers. The graph is acyclic by construction.
public struct BuildGraph: Sendable, Equatable {
  /// The images, sorted by name.
  public let images: [String]
  /// Each image's parents, in the order given, without duplicates.
  public let parents: [String: [String]]
  /// Each image's children, sorted.
  public let children: [String: [String]]

  /// Creates a graph; every parent must be an image of the graph, and there must be no cycle.
  public init(parents: [String: [String]]) throws(BuildGraphError) {
    try self.init(parents: parents, checkCycles: true)
  }

  /// A graph from edges known to be acyclic and closed (generated ones); an unknown parent is dropped.
  init(acyclic parents: [String: [String]]) {
    let closed = parents.mapValues { $0.filter { parents[$0] != nil } }
    do {
      try self.init(parents: closed, checkCycles: false)
    } catch {
      self.init(images: [], parents: [:], children: [:])
    }
  }

  private init(images: [String], parents: [String: [String]], children: [String: [String]]) {
    self.images = images
    self.parents = parents
    self.children = children
  }

  private init(parents: [String: [String]], checkCycles: Bool) throws(BuildGraphError) {
    var cleaned: [String: [String]] = [:]
    var children: [String: [String]] = [:]
    for (image, list) in parents {
      var seen: Set<String> = []
      cleaned[image] = list.filter { seen.insert($0).inserted }
      children[image, default: []] += []
      for parent in cleaned[image] ?? [] {
        guard parents[parent] != nil else { throw BuildGraphError.unknownParent(image: image, parent: parent) }
        children[parent, default: []].append(image)
      }
    }
    self.images = cleaned.keys.sorted()
    self.parents = cleaned
    self.children = children.mapValues { $0.sorted() }
    if checkCycles, let cycle = CycleFinder.find(in: self) { throw BuildGraphError.cycle(cycle) }
  }

  /// The parents of `image` (empty for an unknown image).
  public func parents(of image: String) -> [String] { parents[image] ?? [] }

  /// The children of `image` (empty for an unknown image).
  public func children(of image: String) -> [String] { children[image] ?? [] }

  /// Every image `image` needs, directly or not.
  public func ancestors(of image: String) -> Set<String> { reach(from: image, \.parents) }

  /// Every image that needs `image`, directly or not.
  public func descendants(of image: String) -> Set<String> { reach(from: image, \.children) }

  private func reach(from image: String, _ edges: KeyPath<BuildGraph, [String: [String]]>) -> Set<String> {
    var found: Set<String> = []
    var stack = self[keyPath: edges][image] ?? []
    while let next = stack.popLast() {
      guard found.insert(next).inserted else { continue }
      stack += self[keyPath: edges][next] ?? []
    }
    return found
  }

  /// The graph of `subset` only: edges to images outside it are dropped (those are taken as already built).
  public func restricted(to subset: Set<String>) -> BuildGraph {
    var kept: [String: [String]] = [:]
    for image in images where subset.contains(image) {
      kept[image] = parents(of: image).filter { subset.contains($0) }
    }
    // A subgraph of an acyclic graph is acyclic, and the filter above keeps it closed.
    return BuildGraph(acyclic: kept)
  }

  /// The images in an order where every parent comes before its children (ties by name).
  public var topologicalOrder: [String] {
    var remaining = images.reduce(into: [String: Int]()) { $0[$1] = parents(of: $1).count }
    var ready = images.filter { remaining[$0] == 0 }.reversed() as [String]
    var order: [String] = []
    while let image = ready.popLast() {
      order.append(image)
      for child in children(of: image) {
        remaining[child, default: 0] -= 1
        if remaining[child] == 0 {
          ready.append(child)
          ready.sort(by: >)
        }
      }
    }
    return order
  }
}

/// Why a set of edges is not a build graph.
public enum BuildGraphError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A parent that is not an image of the graph.
  case unknownParent(image: String, parent: String)
  /// A cycle: each image needs the next, and the last needs the first.
  case cycle([String])

  public var description: String {
    switch self {
    case .unknownParent(let image, let parent): "\(image) needs \(parent), which is not in the graph"
    case .cycle(let images): "dependency cycle: \((images + images.prefix(1)).joined(separator: " → "))"
    }
  }
}
