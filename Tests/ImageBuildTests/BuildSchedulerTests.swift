import ImageBuild
import Testing

@Suite struct BuildSchedulerTests {
  /// a → b → c, a → d, and x on its own.
  func chain() throws -> ScheduleProblem {
    let graph = try graph(["a": [], "b": ["a"], "c": ["b"], "d": ["a"], "x": []])
    return ScheduleProblem(graph: graph, durations: ["a": 10, "b": 5, "c": 5, "d": 1, "x": 1], nodes: nodes(2))
  }

  @Test func highestBottomLevelFirstAndChildrenOnlyWhenParentsAreBuilt() throws {
    var scheduler = try BuildScheduler(try chain())
    #expect(scheduler.bottomLevel(of: "a") == 20)
    let first = scheduler.dispatch()
    #expect(first == [BuildAssignment(image: "a", node: "n1"), BuildAssignment(image: "x", node: "n2")])
    #expect(scheduler.state(of: "b") == .waiting)
    try scheduler.finished("x", on: "n2", duration: 1)
    #expect(scheduler.dispatch().isEmpty)
    try scheduler.finished("a", on: "n1", duration: 10)
    #expect(scheduler.state(of: "b") == .ready)
    #expect(scheduler.dispatch() == [BuildAssignment(image: "b", node: "n1"), BuildAssignment(image: "d", node: "n2")])
  }

  @Test func failureSkipsEveryDescendantAndIndependentImagesGoOn() throws {
    var scheduler = try BuildScheduler(try chain())
    _ = scheduler.dispatch()
    try scheduler.finished("x", on: "n2", duration: 1)
    try scheduler.finished("a", on: "n1", duration: 10)
    #expect(scheduler.dispatch() == [BuildAssignment(image: "b", node: "n1"), BuildAssignment(image: "d", node: "n2")])
    try scheduler.failed("b", reason: "RUN make: exit code 2")
    #expect(scheduler.state(of: "b") == .failed(reason: "RUN make: exit code 2"))
    #expect(scheduler.state(of: "c") == .skipped(reason: "parent b failed"))
    #expect(scheduler.freeNodes == ["n1"])
    #expect(!scheduler.isDone)
    try scheduler.finished("d", on: "n2", duration: 1)
    #expect(scheduler.state(of: "d") == .succeeded(node: "n2", duration: 1))
    #expect(scheduler.state(of: "x") == .succeeded(node: "n2", duration: 1))
    #expect(scheduler.isDone)
    #expect(scheduler.dispatch().isEmpty)
  }

  @Test func aFailedRootSkipsGrandchildrenNamingTheAncestor() throws {
    var scheduler = try BuildScheduler(try chain())
    _ = scheduler.dispatch()
    try scheduler.failed("a", reason: "pull failed")
    #expect(scheduler.state(of: "b") == .skipped(reason: "parent a failed"))
    #expect(scheduler.state(of: "c") == .skipped(reason: "a failed (an ancestor)"))
    #expect(scheduler.dispatch().isEmpty)
  }

  @Test func aLostNodeRequeuesItsImageWithinTheRetryBound() throws {
    let problem = ScheduleProblem(graph: try graph(["a": [], "b": ["a"]]), durations: [:], nodes: nodes(3))
    var scheduler = try BuildScheduler(problem)
    #expect(scheduler.dispatch() == [BuildAssignment(image: "a", node: "n1")])
    try scheduler.nodeLost("n1")
    #expect(scheduler.state(of: "a") == .ready)
    #expect(scheduler.dispatch() == [BuildAssignment(image: "a", node: "n2")])
    #expect(scheduler.state(of: "a") == .running(node: "n2", attempt: 2))
    try scheduler.nodeLost("n2")
    #expect(try scheduler.nodeFree("n1") == "a")
    try scheduler.nodeLost("n1")
    #expect(scheduler.state(of: "a") == .failed(reason: "its node was lost 3 times (last: n1); retried 2 times"))
    #expect(scheduler.state(of: "b") == .skipped(reason: "parent a failed"))
    #expect(scheduler.isDone)
  }

  @Test func nodeFreeAnswersForThatNodeOnly() throws {
    var scheduler = try BuildScheduler(try chain())
    // The node that asks first gets the most urgent image; the other free node is left for its own call.
    #expect(try scheduler.nodeFree("n2") == "a")
    #expect(scheduler.freeNodes == ["n1"])
    #expect(try scheduler.nodeFree("n1") == "x")
    #expect(throws: ScheduleError.nodeBusy(node: "n1", image: "x")) { try scheduler.nodeFree("n1") }
    try scheduler.finished("a", on: "n2", duration: 10)
    // b and d prefer n2, which built a; n2 asks and gets b, the more urgent one.
    #expect(try scheduler.nodeFree("n2") == "b")
    #expect(throws: ScheduleError.unknownNode("n9")) { try scheduler.nodeFree("n9") }
  }

  @Test func platformsRouteImagesAndAMissingPlatformIsAnError() throws {
    let arm = Platform(architecture: "arm64")
    let mixed = [BuildNode(name: "nuc", architecture: "x86_64"), BuildNode(name: "pi", architecture: "aarch64")]
    let graph = try graph(["a": [], "b": [], "c": []])
    let problem = ScheduleProblem(
      graph: graph, durations: ["a": 9, "b": 5, "c": 1], platforms: ["c": arm], nodes: mixed)
    var scheduler = try BuildScheduler(problem)
    // Priority first: a takes the nuc, b (any platform) the pi; c (arm64 only) never goes to the nuc.
    #expect(
      scheduler.dispatch() == [BuildAssignment(image: "a", node: "nuc"), BuildAssignment(image: "b", node: "pi")])
    try scheduler.finished("a", on: "nuc", duration: 9)
    #expect(scheduler.dispatch().isEmpty)
    try scheduler.finished("b", on: "pi", duration: 5)
    #expect(scheduler.dispatch() == [BuildAssignment(image: "c", node: "pi")])
    let amd64Only = ScheduleProblem(graph: graph, durations: [:], platforms: ["c": arm], nodes: nodes(2))
    #expect {
      try BuildScheduler(amd64Only)
    } throws: { error in
      (error as? ScheduleError)?.description
        == "no node can build c: it needs linux/arm64 and the nodes are n1 (linux/amd64), n2 (linux/amd64)"
    }
  }

  @Test func losingTheLastNodeOfAPlatformFailsItsImages() throws {
    let mixed = [BuildNode(name: "nuc", architecture: "amd64"), BuildNode(name: "pi", architecture: "arm64")]
    let problem = ScheduleProblem(
      graph: try graph(["a": [], "b": ["a"]]), durations: [:], platforms: ["b": Platform(architecture: "arm64")],
      nodes: mixed)
    var scheduler = try BuildScheduler(problem)
    try scheduler.nodeLost("pi")
    #expect(scheduler.state(of: "b") == .failed(reason: "no node left that can build linux/arm64"))
    #expect(scheduler.dispatch() == [BuildAssignment(image: "a", node: "nuc")])
  }

  @Test func aLateResultAfterARequeueIsKeptOnce() throws {
    let problem = ScheduleProblem(graph: try graph(["a": [], "b": ["a"]]), durations: [:], nodes: nodes(2))
    var scheduler = try BuildScheduler(problem)
    _ = scheduler.dispatch()
    try scheduler.nodeLost("n1")
    #expect(scheduler.dispatch() == [BuildAssignment(image: "a", node: "n2")])
    // n1 comes back and reports that its copy finished after all.
    _ = try scheduler.nodeFree("n1")
    try scheduler.finished("a", on: "n1", duration: 3)
    #expect(scheduler.state(of: "a") == .succeeded(node: "n1", duration: 3))
    #expect(scheduler.freeNodes == ["n1"])
    try scheduler.finished("a", on: "n2", duration: 4)
    #expect(scheduler.state(of: "a") == .succeeded(node: "n1", duration: 3))
    #expect(scheduler.freeNodes == ["n1", "n2"])
  }

  @Test func startedConfirmsOrChoosesAndRefusesNonsense() throws {
    var scheduler = try BuildScheduler(try chain())
    try scheduler.started("x", on: "n2")
    #expect(scheduler.state(of: "x") == .running(node: "n2", attempt: 1))
    #expect(throws: ScheduleError.self) { try scheduler.started("b", on: "n1") }
    #expect(throws: ScheduleError.unknownImage("zz")) { try scheduler.started("zz", on: "n1") }
  }
}
