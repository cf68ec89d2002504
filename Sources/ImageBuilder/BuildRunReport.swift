import Foundation
import ImageBuild

/// What a run did: every selected image's outcome, the makespan, the critical path it achieved, and the state to
/// save for the next run.
public struct BuildRunReport: Sendable, Encodable {
  public var outcomes: [ImageOutcome]
  /// Seconds from the first start to the last end.
  public var makespan: Double
  /// Nodes whose engine stopped answering, with the error.
  public var lostNodes: [String: String]
  /// The chain that ended last, each image started after its parent in the chain ended.
  public var criticalPath: [String]
  /// The state file's new content (not encoded).
  public var state: BuildStateFile

  enum CodingKeys: String, CodingKey { case outcomes, makespan, lostNodes, criticalPath }

  /// Creates the report; the achieved critical path is read off the outcomes' times.
  public init(
    outcomes: [ImageOutcome], makespan: Double, lostNodes: [String: String], state: BuildStateFile, graph: BuildGraph
  ) {
    self.outcomes = outcomes
    self.makespan = makespan
    self.lostNodes = lostNodes
    self.state = state
    self.criticalPath = Self.achievedPath(outcomes, graph: graph)
  }

  /// True when any image failed or was skipped.
  public var failed: Bool { outcomes.contains { $0.result == .failed || $0.result == .skipped } }

  /// From the image that ended last, back through the parent that ended last, to an image with no such parent.
  static func achievedPath(_ outcomes: [ImageOutcome], graph: BuildGraph) -> [String] {
    let ends = Dictionary(outcomes.compactMap { outcome in outcome.ended.map { (outcome.image, $0) } }) { a, _ in a }
    guard var current = ends.max(by: { $0.value < $1.value })?.key else { return [] }
    var path = [current]
    while let parent = graph.parents(of: current).filter({ ends[$0] != nil }).max(by: {
      (ends[$0] ?? 0) < (ends[$1] ?? 0)
    }) {
      path.insert(parent, at: 0)
      current = parent
    }
    return path
  }
}
