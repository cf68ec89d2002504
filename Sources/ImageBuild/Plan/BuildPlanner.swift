/// Makes the offline `BuildPlan`: the online scheduler simulated with the estimated durations, so the plan shows what
/// the executor will do if the estimates hold, plus the bounds to judge it by.
public enum BuildPlanner {
  /// Plans `problem`; throws when an image's platform matches no node.
  public static func plan(_ problem: ScheduleProblem) throws(ScheduleError) -> BuildPlan {
    let simulation = try BuildSimulation.run(problem)
    let bounds = bounds(problem)
    return BuildPlan(
      builds: simulation.builds, makespan: simulation.makespan, criticalPath: bounds.path,
      criticalPathLength: bounds.pathLength, totalWork: bounds.work, lowerBound: bounds.lower)
  }

  /// The critical path, the total work and the lower bound of a problem.
  public static func bounds(_ problem: ScheduleProblem) -> (
    path: [String], pathLength: Double, work: Double, lower: Double
  ) {
    let graph = problem.graph
    var bottom: [String: Double] = [:]
    for image in graph.topologicalOrder.reversed() {
      bottom[image] = problem.duration(of: image) + (graph.children(of: image).compactMap { bottom[$0] }.max() ?? 0)
    }
    func longest(_ images: [String]) -> String? {
      images.max { (bottom[$0] ?? 0, $1) < (bottom[$1] ?? 0, $0) }
    }
    var path: [String] = []
    var next = longest(graph.images.filter { graph.parents(of: $0).isEmpty })
    while let image = next {
      path.append(image)
      next = longest(graph.children(of: image))
    }
    let pathLength = path.first.flatMap { bottom[$0] } ?? 0
    let work = graph.images.reduce(0) { $0 + problem.duration(of: $1) }
    var lower = max(pathLength, problem.nodes.isEmpty ? work : work / Double(problem.nodes.count))
    let pinned = Dictionary(grouping: graph.images.filter { problem.platforms[$0] != nil }) { problem.platforms[$0] }
    for (platform, images) in pinned {
      guard let platform else { continue }
      let capable = problem.nodes.filter { platform.builds(on: $0.platform) }.count
      guard capable > 0 else { continue }
      lower = max(lower, images.reduce(0) { $0 + problem.duration(of: $1) } / Double(capable))
    }
    return (path, pathLength, work, lower)
  }

  /// A tighter lower bound that also counts the start of the run, when few images can run: for any time t, an image
  /// cannot start before its parents' chain (its earliest start), so at most Σ min(duration, t − earliest start) of
  /// work (and at most nodes × t) can be done by t, and the rest needs at least (rest / nodes) more. The bound is the
  /// largest over the earliest starts t, and never below `bounds(_:).lower`.
  public static func releaseTimeBound(_ problem: ScheduleProblem) -> Double {
    let graph = problem.graph
    let nodes = Double(max(problem.nodes.count, 1))
    var earliest: [String: Double] = [:]
    for image in graph.topologicalOrder {
      earliest[image] = graph.parents(of: image).map { (earliest[$0] ?? 0) + problem.duration(of: $0) }.max() ?? 0
    }
    let durations = graph.images.map { (problem.duration(of: $0), earliest[$0] ?? 0) }
    let work = durations.reduce(0) { $0 + $1.0 }
    var best = bounds(problem).lower
    for time in Set(earliest.values) where time > 0 {
      let done = min(nodes * time, durations.reduce(0) { $0 + min($1.0, max(0, time - $1.1)) })
      best = max(best, time + (work - done) / nodes)
    }
    return best
  }
}
