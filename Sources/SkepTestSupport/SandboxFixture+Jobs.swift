import DockerEngine

/// What a swarm job did: whether a task completed, every task's state (for failure messages) and its logs.
public struct JobOutcome: Sendable {
  public var completed: Bool
  /// "state err" per task, to print when `completed` is false.
  public var taskStates: [String]
  public var logs: String
}

extension SandboxFixture {
  /// Waits (up to `timeout` seconds) for a task of the job `service` to complete, then reads its tasks and logs.
  public func waitForJob(_ service: String, on manager: DockerClient, timeout: Double = 120) async throws
    -> JobOutcome
  {
    let completed = await eventually(timeout: timeout) {
      try await manager.tasks(filters: ["service": [service]]).contains { $0.status.state == "complete" }
    }
    let tasks = try await manager.tasks(filters: ["service": [service]])
    var logs = ""
    for try await frame in manager.serviceLogs(service) { logs += frame.text }
    return JobOutcome(
      completed: completed, taskStates: tasks.map { "\($0.status.state) \($0.status.err ?? "")" }, logs: logs)
  }
}
