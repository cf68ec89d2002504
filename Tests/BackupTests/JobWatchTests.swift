import Backup
import DockerEngine
import Foundation
import Testing

@Suite struct JobWatchTests {
  func node(_ id: String, _ state: String, availability: String = "active") throws -> SwarmNode {
    let json = """
      {"ID":"\(id)","Version":{"Index":1},"Spec":{"Role":"worker","Availability":"\(availability)"},
       "Description":{"Hostname":"\(id)"},"Status":{"State":"\(state)"}}
      """
    return try JSONDecoder().decode(SwarmNode.self, from: Data(json.utf8))
  }

  func task(_ node: String, _ state: String, exit: Int? = nil, err: String? = nil) throws -> SwarmTask {
    let exitJSON = exit.map { #","ContainerStatus":{"ExitCode":\#($0)}"# } ?? ""
    let errJSON = err.map { #","Err":"\#($0)""# } ?? ""
    let json = #"{"ID":"t-\#(node)","NodeID":"\#(node)","Status":{"State":"\#(state)"\#(errJSON)\#(exitJSON)}}"#
    return try JSONDecoder().decode(SwarmTask.self, from: Data(json.utf8))
  }

  @Test func aNodeThatGoesDownMidJobIsFailedAndNamedWhileTheOthersFinish() throws {
    var watch = JobWatch(expected: ["node1", "node2", "node3"])
    let running = [try task("node1", "running"), try task("node2", "running"), try task("node3", "running")]
    let up = [try node("node1", "ready"), try node("node2", "ready"), try node("node3", "ready")]
    #expect(watch.observe(nodes: up, tasks: running, graceForTasksOver: false).isEmpty)
    // node2's dockerd dies: its task stays "running" forever, the managers mark the node down.
    let later = [try node("node1", "ready"), try node("node2", "down"), try node("node3", "ready")]
    let ended = [try task("node1", "complete", exit: 0), try task("node2", "running"), try task("node3", "running")]
    #expect(watch.observe(nodes: later, tasks: ended, graceForTasksOver: false) == ["node1", "node2"])
    #expect(!watch.isFinished)
    let last = [ended[0], ended[1], try task("node3", "failed", exit: 1, err: "task: non-zero exit (1)")]
    #expect(watch.observe(nodes: later, tasks: last, graceForTasksOver: false) == ["node3"])
    #expect(watch.isFinished)
    #expect(watch.outcomes["node1"] == .complete)
    #expect(watch.outcomes["node2"] == .nodeDown)
    #expect(watch.outcomes["node3"] == .failed(state: "failed", reason: "task: non-zero exit (1)", exitCode: 1))

    let report = BackupRunReport(
      job: "j",
      outcomes: ["node1", "node2", "node3"].map {
        SwarmJob.NodeOutcome(node: $0, outcome: watch.outcomes[$0] ?? .complete)
      },
      events: [
        BackupEvent(node: "node1", volume: "a", status: .ok, snapshot: "abcd1234"),
        BackupEvent(node: "node3", volume: "b", status: .failed, reason: "restic: boom"),
      ])
    #expect(report.failed && report.exitCode == 1)
    #expect(report.summary.failedNodes == ["node2", "node3"])
    #expect(report.nodes.first { $0.node == "node2" }?.reason?.contains("node down") == true)
    // The agent's exit 1 for a failed volume names the volume, not a second failure.
    #expect(report.nodes.first { $0.node == "node3" }?.reason == "1 volume failed (b)")
  }

  /// Today's agent exits 0 with its failed volumes reported: the node fails, named by its volumes only.
  @Test func aCompletedTaskWithAFailedVolumeFailsItsNodeByTheVolume() {
    let report = BackupRunReport(
      job: "j", outcomes: [.init(node: "node1", outcome: .complete), .init(node: "node2", outcome: .complete)],
      events: [
        BackupEvent(node: "node1", volume: "a", status: .ok, snapshot: "abcd1234"),
        BackupEvent(node: "node2", volume: "b", status: .failed, reason: "restic: boom"),
      ])
    #expect(report.failed && report.exitCode == 1)
    #expect(report.summary.failedNodes == ["node2"] && report.summary.failed == 1 && report.summary.ok == 1)
    #expect(report.nodes.first { $0.node == "node2" }?.reason == "1 volume failed (b)")
  }

  @Test func drainedOrMissingNodesFailOnceTheSchedulerHadTime() throws {
    var watch = JobWatch(expected: ["node1", "gone"])
    let nodes = [try node("node1", "ready", availability: "drain")]
    #expect(watch.observe(nodes: nodes, tasks: [], graceForTasksOver: false) == ["gone"])
    #expect(watch.observe(nodes: nodes, tasks: [], graceForTasksOver: true) == ["node1"])
    #expect(watch.outcomes["node1"] == .noTask("the node's availability is drain"))
    #expect(watch.outcomes["gone"] == .noTask("not a member of the swarm"))
  }

  @Test func unfinishedTasksTimeOutWithTheirState() throws {
    var watch = JobWatch(expected: ["node1"])
    let tasks = [try task("node1", "preparing")]
    watch.observe(nodes: [try node("node1", "ready")], tasks: tasks, graceForTasksOver: true)
    watch.timeOut(tasks: tasks, nodes: [try node("node1", "ready")])
    #expect(watch.outcomes["node1"] == .timedOut(state: "preparing"))
  }

  @Test func aCleanRunExitsZero() {
    let report = BackupRunReport(
      job: "j", outcomes: [.init(node: "n", outcome: .complete)],
      events: [BackupEvent(node: "n", volume: "v", status: .ok), BackupEvent(node: "n", volume: "w", status: .skipped)])
    #expect(!report.failed && report.exitCode == 0)
    #expect(report.summary.ok == 1 && report.summary.skipped == 1)
  }

  @Test func logFramesBecomeLinesAndEventsPerNode() throws {
    let one = try BackupEvent(node: "node1", volume: "db", status: .ok, snapshot: "1234abcd").jsonLine()
    let two = try BackupEvent(node: "node2", volume: "web", status: .failed, reason: "x").jsonLine()
    // Frames split and join lines; stderr log lines and non-event stdout are not events.
    let text = one + "\n" + "not an event\n" + two + "\n"
    let middle = text.index(text.startIndex, offsetBy: 10)
    let logs = JobLogs(frames: [
      LogFrame(.stdout, String(text[..<middle])), LogFrame(.stderr, "info: starting\n"),
      LogFrame(.stdout, String(text[middle...])), LogFrame(.stderr, "Fatal: wrong password"),
    ])
    #expect(logs.events.map(\.node) == ["node1", "node2"])
    #expect(logs.events.first?.snapshot == "1234abcd")
    #expect(logs.stderrLines == ["info: starting", "Fatal: wrong password"])
    #expect(logs.stdoutLines.count == 3)
  }

  @Test func resticSnapshotListsAreReadFromTheJobsOutput() throws {
    let line =
      #"[{"time":"2026-11-25T00:43:18.276077927Z","tree":"t","paths":["/"],"hostname":"skep","tags":["volume=b","kind=files","node=node2"],"id":"bbbbbbbb00","short_id":"bbbbbbbb"},{"time":"2026-11-24T00:00:00Z","paths":["/"],"hostname":"skep","tags":["volume=a"],"id":"aaaaaaaa00"}]"#
    let snapshots = try SnapshotListing.parse(["", line])
    #expect(snapshots.map(\.skepTags.volume) == ["a", "b"])
    #expect(snapshots.last?.skepTags.node == "node2")
    #expect(throws: JobError.self) { try SnapshotListing.parse(["Fatal: nope"]) }
  }
}
