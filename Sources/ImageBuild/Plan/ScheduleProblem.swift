/// What the planner and the scheduler are given: the graph, an estimated duration and a required platform per image,
/// and the nodes.
public struct ScheduleProblem: Sendable, Equatable {
  /// The images and their dependencies (parents first-primary).
  public var graph: BuildGraph
  /// Estimated build time in seconds per image; images without one use `fallbackDuration`.
  public var durations: [String: Double]
  /// The platform an image must be built for; images without one build on any node.
  public var platforms: [String: Platform]
  /// The nodes, in the order used to break ties.
  public var nodes: [BuildNode]
  /// The estimate for images missing from `durations`, in seconds.
  public var fallbackDuration: Double

  /// Creates a problem.
  public init(
    graph: BuildGraph, durations: [String: Double], platforms: [String: Platform] = [:], nodes: [BuildNode],
    fallbackDuration: Double = DurationEstimator.defaultDuration
  ) {
    self.graph = graph
    self.durations = durations
    self.platforms = platforms
    self.nodes = nodes
    self.fallbackDuration = fallbackDuration
  }

  /// The estimate used for `image`.
  public func duration(of image: String) -> Double { max(0, durations[image] ?? fallbackDuration) }
}

extension ScheduleProblem {
  /// The problem for a selection of a build tree: each image's platform is its final stage's `--platform`, else
  /// `defaultPlatform` (nil: any node).
  public init(
    selection: BuildSelection, tree: BuildTree, durations: [String: Double], defaultPlatform: Platform?,
    nodes: [BuildNode], fallbackDuration: Double = DurationEstimator.defaultDuration
  ) {
    var platforms: [String: Platform] = [:]
    for name in selection.images {
      if let platform = tree.image(named: name)?.platform ?? defaultPlatform { platforms[name] = platform }
    }
    self.init(
      graph: selection.graph, durations: durations, platforms: platforms, nodes: nodes,
      fallbackDuration: fallbackDuration)
  }
}
