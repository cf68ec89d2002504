import ImageBuild
import Testing

@Suite struct PlannerTests {
  @Test func handComputedBoundsAndMakespan() throws {
    // a(10) → b(5), a → c(7), d(3); 2 nodes: critical path a→c = 17, work 25 / 2 = 12.5.
    let graph = try graph(["a": [], "b": ["a"], "c": ["a"], "d": []])
    let plan = try BuildPlanner.plan(
      ScheduleProblem(graph: graph, durations: ["a": 10, "b": 5, "c": 7, "d": 3], nodes: nodes(2)))
    #expect(plan.criticalPath == ["a", "c"])
    #expect(plan.criticalPathLength == 17)
    #expect(plan.totalWork == 25)
    #expect(plan.lowerBound == 17)
    #expect(plan.makespan == 17)
    #expect(plan.buildsByNode["n1"]?.map(\.image) == ["a", "c"])
    #expect(plan.buildsByNode["n2"]?.map(\.image) == ["d", "b"])
    #expect(plan.builds.first { $0.image == "b" }?.start == 10)
  }

  @Test func workBoundWhenTheGraphIsWide() throws {
    let graph = try graph(["a": [], "b": [], "c": [], "d": [], "e": []])
    let problem = ScheduleProblem(graph: graph, durations: ["a": 4, "b": 4, "c": 4, "d": 4, "e": 4], nodes: nodes(2))
    let plan = try BuildPlanner.plan(problem)
    #expect(plan.lowerBound == 10)
    #expect(plan.makespan == 12)
  }

  @Test func releaseTimeBoundCountsTheLonelyStart() throws {
    // r(10) then four children of 10 on 2 nodes: max(20, 50 / 2) = 25, but nothing else can run during r: 30.
    let graph = try graph(["r": [], "a": ["r"], "b": ["r"], "c": ["r"], "d": ["r"]])
    let problem = ScheduleProblem(
      graph: graph, durations: ["r": 10, "a": 10, "b": 10, "c": 10, "d": 10], nodes: nodes(2))
    #expect(BuildPlanner.bounds(problem).lower == 25)
    #expect(BuildPlanner.releaseTimeBound(problem) == 30)
    #expect(try BuildPlanner.plan(problem).makespan == 30)
  }

  @Test func platformBoundCountsOnlyCapableNodes() throws {
    let graph = try graph(["a": [], "b": [], "c": []])
    let arm = Platform(architecture: "arm64")
    let problem = ScheduleProblem(
      graph: graph, durations: ["a": 6, "b": 6, "c": 1], platforms: ["a": arm, "b": arm],
      nodes: nodes(3) + [BuildNode(name: "pi", architecture: "arm64")])
    let plan = try BuildPlanner.plan(problem)
    #expect(plan.lowerBound == 12)
    #expect(plan.makespan == 12)
    #expect(plan.buildsByNode["pi"]?.map(\.image) == ["a", "b"])
  }

  @Test func childGoesToItsParentsNodeWhenThatCostsNothing() throws {
    // r1 and r2 end together; a2 ranks before z1 (same bottom level, name), yet each child takes its parent's node.
    let graph = try graph(["r1": [], "r2": [], "z1": ["r1"], "a2": ["r2"]])
    let problem = ScheduleProblem(graph: graph, durations: ["r1": 2, "r2": 2, "z1": 3, "a2": 3], nodes: nodes(2))
    let plan = try BuildPlanner.plan(problem)
    let node = Dictionary(uniqueKeysWithValues: plan.builds.map { ($0.image, $0.node) })
    #expect(node["r1"] == "n1")
    #expect(node["r2"] == "n2")
    #expect(node["z1"] == "n1")
    #expect(node["a2"] == "n2")
    #expect(plan.makespan == 5)
  }

  @Test func affinityNeverDelays() throws {
    // p's child c would prefer n1, but n1 is busy with the long q: c starts at once on n2.
    let graph = try graph(["p": [], "q": [], "c": ["p"], "q2": ["q"]])
    let problem = ScheduleProblem(graph: graph, durations: ["p": 1, "q": 1, "c": 5, "q2": 20], nodes: nodes(2))
    let plan = try BuildPlanner.plan(problem)
    let c = try #require(plan.builds.first { $0.image == "c" })
    #expect(c.start == 1)
  }

  @Test(arguments: RandomBuildProblems.Family.allCases)
  func simulatedMakespanIsNeverBelowTheLowerBound(_ family: RandomBuildProblems.Family) throws {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<20 {
      let (graph, durations) = RandomBuildProblems.make(family, images: 60, using: &rng)
      let problem = ScheduleProblem(
        graph: graph, durations: durations, nodes: nodes(Int.random(in: 1...8, using: &rng)))
      let plan = try BuildPlanner.plan(problem)
      #expect(plan.makespan >= plan.lowerBound - 1e-9)
      #expect(plan.makespan >= BuildPlanner.releaseTimeBound(problem) - 1e-9)
      #expect(plan.builds.count == 60)
      // Every image starts after all of its parents ended, and no node runs two builds at once.
      let end = Dictionary(uniqueKeysWithValues: plan.builds.map { ($0.image, $0.end) })
      for build in plan.builds {
        #expect(graph.parents(of: build.image).allSatisfy { (end[$0] ?? .infinity) <= build.start })
      }
      for (_, builds) in plan.buildsByNode {
        #expect(zip(builds, builds.dropFirst()).allSatisfy { $0.end <= $1.start })
      }
    }
  }

  @Test func oneNodeMakespanIsTheTotalWork() throws {
    var rng = SplitMix64(seed: 7)
    let (graph, durations) = RandomBuildProblems.make(.gnp, images: 40, using: &rng)
    let plan = try BuildPlanner.plan(ScheduleProblem(graph: graph, durations: durations, nodes: nodes(1)))
    #expect(plan.makespan == plan.totalWork)
    #expect(plan.ratio == 1)
  }

  @Test func estimatesUseMediansThenTheMedianOfKnownImages() {
    let estimates = DurationEstimator.estimates(
      for: ["a", "b", "c"], history: ["a": [10, 30, 20], "b": [100, 200]])
    #expect(estimates == ["a": 20, "b": 150, "c": 85])
    #expect(DurationEstimator.estimates(for: ["x"], history: [:]) == ["x": DurationEstimator.defaultDuration])
  }
}
