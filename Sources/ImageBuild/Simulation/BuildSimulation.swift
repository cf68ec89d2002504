/// Runs the online scheduler against simulated builds: every image takes its given duration, nodes never fail.
///
/// Used by the planner (with estimated durations), by tests and by `skep bench schedule-sim`.
public enum BuildSimulation {
  /// One simulated build.
  public struct Build: Sendable, Hashable {
    /// The image.
    public var image: String
    /// The node that built it.
    public var node: String
    /// Seconds from the start of the run.
    public var start: Double
    /// Seconds from the start of the run.
    public var end: Double
  }

  /// The simulated run.
  public struct Result: Sendable, Equatable {
    /// Every build, by start time then node order.
    public var builds: [Build]
    /// When the last build ends.
    public var makespan: Double
  }

  /// Simulates `problem`; `actual` gives the true durations (default: the problem's estimates).
  public static func run(_ problem: ScheduleProblem, actual: [String: Double]? = nil) throws(ScheduleError) -> Result {
    var scheduler = try BuildScheduler(problem)
    let order = Dictionary(uniqueKeysWithValues: problem.nodes.enumerated().map { ($1.name, $0) })
    var running: [Build] = []
    var builds: [Build] = []
    var now = 0.0
    while true {
      for assignment in scheduler.dispatch() {
        let duration = max(0, actual?[assignment.image] ?? problem.duration(of: assignment.image))
        running.append(Build(image: assignment.image, node: assignment.node, start: now, end: now + duration))
      }
      guard let next = running.map(\.end).min() else { break }
      now = next
      // Everything that ends now finishes before the next dispatch, nodes in order, so ties are deterministic.
      let ending = running.filter { $0.end == next }.sorted { order[$0.node, default: 0] < order[$1.node, default: 0] }
      running.removeAll { $0.end == next }
      for build in ending {
        try scheduler.finished(build.image, on: build.node, duration: build.end - build.start)
        builds.append(build)
      }
    }
    builds.sort { ($0.start, order[$0.node, default: 0]) < ($1.start, order[$1.node, default: 0]) }
    return Result(builds: builds, makespan: now)
  }
}
