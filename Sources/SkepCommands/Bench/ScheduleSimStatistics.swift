/// Summary statistics of a list of measurements, as the schedule-sim report prints them.
struct ScheduleSimStatistics: Codable, Equatable {
  var count: Int
  var mean: Double
  var median: Double
  var p90: Double
  var min: Double
  var max: Double

  init(_ values: [Double]) {
    let sorted = values.sorted()
    count = sorted.count
    mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
    median = Self.quantile(sorted, 0.5)
    p90 = Self.quantile(sorted, 0.9)
    min = sorted.first ?? 0
    max = sorted.last ?? 0
  }

  /// Linear interpolation between closest ranks.
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let position = q * Double(sorted.count - 1)
    let lower = Int(position)
    let upper = Swift.min(lower + 1, sorted.count - 1)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
  }
}

/// The result of `skep bench schedule-sim`, per DAG family and over all DAGs.
struct ScheduleSimReport: Codable {
  struct Family: Codable {
    var family: String
    var dags: Int
    /// Wall-clock milliseconds to make one `BuildPlan` (simulation, critical path and bounds).
    var planningMilliseconds: ScheduleSimStatistics
    /// Planned makespan / lower bound, durations exactly as estimated.
    var ratio: ScheduleSimStatistics
    /// Planned makespan / `BuildPlanner.releaseTimeBound` (a tighter lower bound that counts the start of the run).
    var ratioToReleaseTimeBound: ScheduleSimStatistics
    /// The online scheduler run with true durations off the estimates by a factor uniform in [0.5, 1.5]: makespan /
    /// lower bound of the true durations.
    var ratioWithEstimateErrors: ScheduleSimStatistics
    /// DAGs whose lower bound is the critical path (the others: total work / nodes).
    var criticalPathBound: Int
  }

  var images: Int
  var nodes: Int
  var seed: UInt64
  var families: [Family]
  var overall: Family
}
