import ArgumentParser
import Foundation
import ImageBuild

/// `skep bench schedule-sim`: the build planner alone on random DAGs: planning time and makespan against the lower
/// bound max(critical path, total work / nodes).
struct BenchScheduleSim: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule-sim",
    abstract: "Plan random image DAGs on simulated nodes: planning time and makespan / lower bound.",
    shouldDisplay: false
  )

  @Option(help: "DAGs per family (layered, gnp).")
  var dags = 50

  @Option(help: "Images per DAG.")
  var images = 500

  @Option(help: "Simulated nodes (all amd64).")
  var nodes = 50

  @Option(help: "Seed of the random generator: the same seed gives the same DAGs.")
  var seed: UInt64 = 1

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard dags > 0, images > 0, nodes > 0 else {
      throw ValidationError("--dags, --images and --nodes must be positive")
    }
  }

  func run() async throws {
    var rng = SplitMix64(seed: seed)
    let buildNodes = (1...nodes).map { BuildNode(name: "node\($0)", architecture: "amd64") }
    var families: [ScheduleSimReport.Family] = []
    var all: [Sample] = []
    for family in RandomBuildProblems.Family.allCases {
      var samples: [Sample] = []
      for _ in 0..<dags {
        samples.append(try sample(family, nodes: buildNodes, rng: &rng))
      }
      families.append(summary(family.rawValue, samples))
      all += samples
    }
    let report = ScheduleSimReport(
      images: images, nodes: nodes, seed: seed, families: families, overall: summary("all", all))
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(render(report))
    }
  }

  struct Sample {
    var milliseconds: Double
    var ratio: Double
    var releaseRatio: Double
    var noisyRatio: Double
    var criticalPathBound: Bool
  }

  private func sample(_ family: RandomBuildProblems.Family, nodes: [BuildNode], rng: inout SplitMix64) throws -> Sample
  {
    let (graph, durations) = RandomBuildProblems.make(family, images: images, using: &rng)
    let problem = ScheduleProblem(graph: graph, durations: durations, nodes: nodes)
    let clock = ContinuousClock()
    var plan: BuildPlan?
    let elapsed = try clock.measure { plan = try BuildPlanner.plan(problem) }
    guard let plan else { throw CommandFailure("no plan") }
    // The executor's case: priorities from estimates, true durations off by up to ±50 %.
    // In name order: a dictionary's own order changes from run to run, and the draws must not.
    var actual: [String: Double] = [:]
    for image in graph.images { actual[image] = (durations[image] ?? 0) * Double.random(in: 0.5...1.5, using: &rng) }
    let noisy = try BuildSimulation.run(problem, actual: actual)
    let trueBound = BuildPlanner.bounds(ScheduleProblem(graph: graph, durations: actual, nodes: nodes)).lower
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Sample(
      milliseconds: seconds * 1000, ratio: plan.ratio,
      releaseRatio: plan.makespan / BuildPlanner.releaseTimeBound(problem), noisyRatio: noisy.makespan / trueBound,
      criticalPathBound: plan.criticalPathLength >= plan.totalWork / Double(nodes.count))
  }

  private func summary(_ name: String, _ samples: [Sample]) -> ScheduleSimReport.Family {
    ScheduleSimReport.Family(
      family: name, dags: samples.count, planningMilliseconds: ScheduleSimStatistics(samples.map(\.milliseconds)),
      ratio: ScheduleSimStatistics(samples.map(\.ratio)),
      ratioToReleaseTimeBound: ScheduleSimStatistics(samples.map(\.releaseRatio)),
      ratioWithEstimateErrors: ScheduleSimStatistics(samples.map(\.noisyRatio)),
      criticalPathBound: samples.filter(\.criticalPathBound).count)
  }

  private func render(_ report: ScheduleSimReport) -> String {
    var table = Table(
      "FAMILY", "DAGS", "PLAN MS MEDIAN", "PLAN MS MAX", "RATIO MEAN", "MEDIAN", "P90", "MAX", "VS RELEASE BOUND MAX",
      "NOISY MEAN", "CP-BOUND")
    for family in report.families + [report.overall] {
      table.add([
        family.family, "\(family.dags)", fixed(family.planningMilliseconds.median, 1),
        fixed(family.planningMilliseconds.max, 1), fixed(family.ratio.mean, 3), fixed(family.ratio.median, 3),
        fixed(family.ratio.p90, 3), fixed(family.ratio.max, 3), fixed(family.ratioToReleaseTimeBound.max, 3),
        fixed(family.ratioWithEstimateErrors.mean, 3),
        "\(family.criticalPathBound)",
      ])
    }
    return "\(report.images) images, \(report.nodes) nodes, seed \(report.seed)\n" + table.render()
  }

  private func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
