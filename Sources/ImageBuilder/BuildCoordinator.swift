import DockerEngine
import Foundation
import ImageBuild
import Logging

/// A build node: its name, its engine and what it builds for.
public struct BuilderNode: Sendable {
  public var name: String
  public var client: DockerClient
  public var platform: Platform

  /// Creates a node.
  public init(name: String, client: DockerClient, platform: Platform) {
    self.name = name
    self.client = client
    self.platform = platform
  }
}

/// Runs a build over the nodes: the online ``BuildScheduler`` decides, one ``NodeBuildStep`` per assignment runs
/// concurrently, and each step's end is fed back until every image is built, unchanged, failed or skipped.
public struct BuildCoordinator: Sendable {
  public var tree: BuildTree
  public var selection: BuildSelection
  public var nodes: [BuilderNode]
  public var state: BuildStateFile
  public var options: BuildRunOptions
  public var logger: Logger

  /// Creates a coordinator.
  public init(
    tree: BuildTree, selection: BuildSelection, nodes: [BuilderNode], state: BuildStateFile,
    options: BuildRunOptions, logger: Logger
  ) {
    self.tree = tree
    self.selection = selection
    self.nodes = nodes
    self.state = state
    self.options = options
    self.logger = logger
  }

  /// The scheduling problem: the selection, durations estimated from earlier runs, the nodes' platforms.
  public func problem() -> ScheduleProblem {
    ScheduleProblem(
      selection: selection, tree: tree,
      durations: DurationEstimator.estimates(for: selection.images, history: state.history),
      defaultPlatform: nil, nodes: nodes.map { BuildNode(name: $0.name, platform: $0.platform) })
  }

  /// Builds everything selected; `progress` hears of every start, step and end.
  public func run(progress: @escaping @Sendable (BuildProgress) -> Void) async throws -> BuildRunReport {
    var scheduler = try BuildScheduler(problem())
    let clock = ContinuousClock()
    let start = clock.now
    var digests: [String: String] = [:]
    for name in selection.ancestorsUsedAsBuilt { digests[name] = state.images[name]?.lastDigest }
    var builtOn: [String: String] = [:]
    var outcomes: [String: ImageOutcome] = [:]
    var lost: [String: String] = [:]
    var updated = state

    try await withThrowingTaskGroup(of: (BuildAssignment, Double, Double, NodeBuildStep.Result).self) { group in
      var running = 0
      while true {
        for assignment in scheduler.dispatch() {
          guard let step = makeStep(assignment, builtOn: builtOn, digests: digests, progress: progress) else {
            continue
          }
          running += 1
          progress(.started(image: assignment.image, node: assignment.node))
          group.addTask {
            let began = (clock.now - start).seconds
            let result = await step.run()
            return (assignment, began, (clock.now - start).seconds, result)
          }
        }
        guard running > 0, let (assignment, began, ended, result) = try await group.next() else { break }
        running -= 1
        let (image, node) = (assignment.image, assignment.node)
        var outcome = ImageOutcome(
          image: image, node: node, result: .failed, duration: ended - began, started: began, ended: ended)
        switch result {
        case .built(let digest, let tags, let key):
          try scheduler.finished(image, on: node, duration: ended - began)
          (outcome.result, outcome.tags, outcome.digest) = (.built, tags, digest)
          outcome.log = options.logsDirectory.appendingPathComponent("\(image).log").path
          digests[image] = digest ?? key
          builtOn[image] = node
          updated.record(
            image: image, duration: ended - began, key: key, tag: tags.last, digest: digest, at: options.now)
        case .unchanged(let digest, let tags, _):
          try scheduler.finished(image, on: node, duration: ended - began)
          (outcome.result, outcome.tags, outcome.digest) = (.unchanged, tags, digest)
          digests[image] = digest
        case .failed(let reason):
          try scheduler.failed(image, reason: reason)
          outcome.reason = reason
          outcome.log = options.logsDirectory.appendingPathComponent("\(image).log").path
        case .nodeLost(let reason):
          try scheduler.nodeLost(node)
          lost[node] = reason
          progress(.nodeLost(node: node, reason: reason))
          continue
        }
        outcomes[image] = outcome
        progress(.ended(outcome))
      }
    }
    for (image, state) in scheduler.states where outcomes[image] == nil {
      switch state {
      case .failed(let reason): outcomes[image] = ImageOutcome(image: image, result: .failed, reason: reason)
      case .skipped(let reason): outcomes[image] = ImageOutcome(image: image, result: .skipped, reason: reason)
      default: outcomes[image] = ImageOutcome(image: image, result: .failed, reason: "not built (\(state))")
      }
      if let outcome = outcomes[image] { progress(.ended(outcome)) }
    }
    return BuildRunReport(
      outcomes: selection.images.compactMap { outcomes[$0] }, makespan: (clock.now - start).seconds,
      lostNodes: lost, state: updated, graph: selection.graph)
  }

  func makeStep(
    _ assignment: BuildAssignment, builtOn: [String: String], digests: [String: String],
    progress: @escaping @Sendable (BuildProgress) -> Void
  ) -> NodeBuildStep? {
    guard let image = tree.image(named: assignment.image),
      let node = nodes.first(where: { $0.name == assignment.node })
    else { return nil }
    let here = Set(image.parentNames.filter { builtOn[$0] == node.name })
    return NodeBuildStep(
      image: image, node: node.name, platform: node.platform, client: node.client, options: options,
      parentsHere: here, parentDigests: digests, previous: state.images[image.name], progress: progress)
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let parts = components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }
}
