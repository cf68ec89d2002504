/// The offline plan `skep build --plan` prints: who builds what when, if every estimate holds.
public struct BuildPlan: Sendable, Equatable {
  /// Every build with its simulated start and end, by start time.
  public var builds: [BuildSimulation.Build]
  /// The estimated end of the run.
  public var makespan: Double
  /// The chain of images with the largest total estimated duration, first to last.
  public var criticalPath: [String]
  /// Its total estimated duration.
  public var criticalPathLength: Double
  /// The sum of all estimated durations.
  public var totalWork: Double
  /// No schedule can end earlier: max(critical path, total work / nodes, and per platform the work that needs it /
  /// the nodes that can build it).
  public var lowerBound: Double

  /// The builds of each node, in order (nodes without builds are absent).
  public var buildsByNode: [String: [BuildSimulation.Build]] { Dictionary(grouping: builds, by: \.node) }

  /// makespan / lower bound (1 when the lower bound is 0).
  public var ratio: Double { lowerBound > 0 ? makespan / lowerBound : 1 }
}
