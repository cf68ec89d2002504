import Backup
import DockerEngine
import Testing

/// What `skep backup run` makes of a finished job: the containers to put back, and the "nothing touched" refusal.
@Suite struct RunAftermathTests {
  @Test func onlyContainersTheAgentsLeftFrozenAreReturned() throws {
    let lines = [
      ContainerHoldLine(node: "node1", container: "db1", hold: .paused),
      ContainerHoldLine(node: "node1", container: "db1", hold: .unpaused),
      ContainerHoldLine(node: "node2", container: "db2", hold: .paused),
      ContainerHoldLine(node: "node3", container: "app", hold: .stopped),
      ContainerHoldLine(node: "node1", container: "db1", hold: .paused),
    ]
    // Through the job's logs, between events and log output, as the CLI reads them.
    var text = "2026-11-25T03:00:00+0000 info skep.agent.backup: [Backup] db: pause\n"
    for line in lines { text += try line.jsonLine() + "\n" }
    text += try BackupEvent(node: "node1", volume: "db", status: .skipped, reason: "x").jsonLine() + "\n"
    let logs = JobLogs(frames: [LogFrame(stream: .stdout, bytes: Array(text.utf8))])
    #expect(logs.holds == lines)
    #expect(logs.events.count == 1)
    let frozen = ContainerHoldLine.stillFrozen(logs.holds).map { "\($0.node)/\($0.container)/\($0.hold)" }
    #expect(frozen == ["node2/db2/paused", "node3/app/stopped", "node1/db1/paused"])
    #expect(ContainerHoldLine.stillFrozen([]).isEmpty)
  }

  static func refused(_ node: String, _ volume: String) -> BackupEvent {
    var event = BackupEvent(
      node: node, volume: volume, status: .failed,
      reason: "wrong password for the restic repository at /nas/restic (restic: wrong password or no key found)")
    event.repositoryUnavailable = true
    return event
  }

  static let agentExit = JobTaskOutcome.failed(state: "failed", reason: "task: non-zero exit (1)", exitCode: 1)

  @Test func aRunWhereNoNodeOpenedTheRepositoryIsARefusal() throws {
    let outcomes = [
      SwarmJob.NodeOutcome(node: "node1", outcome: Self.agentExit),
      SwarmJob.NodeOutcome(node: "node2", outcome: .complete),  // nothing to back up there
      SwarmJob.NodeOutcome(
        node: "node3",
        outcome: .failed(
          state: "rejected",
          reason: "invalid mount config for type \"bind\": bind source path does not exist: /nas/restic",
          exitCode: nil)),
    ]
    let events = [Self.refused("node1", "a"), Self.refused("node1", "b")]
    let refusal = try #require(RepositoryRefusal.find(outcomes: outcomes, events: events, repository: "/nas/restic"))
    #expect(refusal.nodes == ["node1", "node3"])
    #expect(refusal.reason.contains("wrong password"))
  }

  @Test func anyOtherFailureOrAnySnapshotKeepsTheNormalReport() {
    let failedNode = [SwarmJob.NodeOutcome(node: "node1", outcome: Self.agentExit)]
    // One volume failed for its own reason.
    var other = BackupEvent(node: "node1", volume: "b", status: .failed, reason: "could not pause")
    #expect(
      RepositoryRefusal.find(outcomes: failedNode, events: [Self.refused("node1", "a"), other], repository: "/nas/r")
        == nil)
    // A snapshot was taken somewhere: not "nothing was backed up".
    other = BackupEvent(node: "node2", volume: "c", status: .ok, snapshot: "abcd1234")
    let two = failedNode + [SwarmJob.NodeOutcome(node: "node2", outcome: .complete)]
    #expect(
      RepositoryRefusal.find(outcomes: two, events: [Self.refused("node1", "a"), other], repository: "/x") == nil)
    // A node that went down is its own failure.
    let down = failedNode + [SwarmJob.NodeOutcome(node: "node2", outcome: .nodeDown)]
    #expect(RepositoryRefusal.find(outcomes: down, events: [Self.refused("node1", "a")], repository: "/x") == nil)
    // A rejected task for another missing path (not the repository).
    let rejected = [
      SwarmJob.NodeOutcome(
        node: "node1",
        outcome: .failed(
          state: "rejected", reason: "bind source path does not exist: /var/run/docker.sock", exitCode: nil))
    ]
    #expect(RepositoryRefusal.find(outcomes: rejected, events: [], repository: "/nas/restic") == nil)
    // Nothing at all to back up is no refusal either.
    #expect(
      RepositoryRefusal.find(
        outcomes: [SwarmJob.NodeOutcome(node: "node1", outcome: .complete)], events: [], repository: "/x") == nil)
  }
}
