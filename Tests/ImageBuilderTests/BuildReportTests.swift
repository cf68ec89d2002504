import Foundation
import ImageBuild
import ImageBuilder
import Testing

@Suite struct BuildReportTests {
  static func graph() throws -> BuildGraph {
    try BuildGraph(parents: ["base": [], "web": ["base"], "api": ["base"], "multi": ["web", "api"]])
  }

  static let outcomes = [
    ImageOutcome(image: "base", node: "node1", result: .built, duration: 1, started: 0, ended: 1, tags: ["latest"]),
    ImageOutcome(image: "web", node: "node1", result: .built, duration: 3, started: 1, ended: 4, tags: ["latest"]),
    ImageOutcome(image: "api", node: "node2", result: .built, duration: 5, started: 1.2, ended: 6.2, tags: ["latest"]),
    ImageOutcome(
      image: "multi", node: "node2", result: .built, duration: 1, started: 6.2, ended: 7.2, tags: ["latest"]),
  ]

  @Test func theAchievedCriticalPathFollowsTheParentThatEndedLast() throws {
    let report = BuildRunReport(
      outcomes: Self.outcomes, makespan: 7.2, lostNodes: [:], state: BuildStateFile(), graph: try Self.graph())
    // multi waited for api (ended 6.2), not web (ended 4).
    #expect(report.criticalPath == ["base", "api", "multi"])
    #expect(!report.failed)
  }

  @Test func failuresAndSkipsFailTheRunAndShowTheirReason() throws {
    var outcomes = Self.outcomes
    outcomes[1] = ImageOutcome(image: "web", node: "node1", result: .failed, reason: "The command returned 3")
    outcomes[3] = ImageOutcome(image: "multi", result: .skipped, reason: "parent web failed")
    let report = BuildRunReport(
      outcomes: outcomes, makespan: 6.2, lostNodes: ["node3": "connection reset"], state: BuildStateFile(),
      graph: try Self.graph())
    #expect(report.failed)
    #expect(report.criticalPath == ["base", "api"])
    let lines = BuildText.table(report).split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("IMAGE  NODE   TIME  RESULT"))
    #expect(lines.contains { $0.hasPrefix("web ") && $0.contains("failed: The command returned 3") })
    #expect(
      lines.contains { $0.hasPrefix("multi") && $0.contains(" -  ") && $0.contains("skipped: parent web failed") })
    #expect(lines.contains("2 built, 0 unchanged, 1 failed, 1 skipped; makespan 6.2s"))
    #expect(lines.last == "node node3 was lost: connection reset")
  }

  @Test func secondsReadLikeDurations() {
    #expect(BuildText.seconds(3.25) == "3.2s" || BuildText.seconds(3.25) == "3.3s")
    #expect(BuildText.seconds(125) == "2m05s")
  }
}
