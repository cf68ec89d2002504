import DockerEngine

extension SwarmJob {
  /// Runs a one-task job whose service spec the caller built (``SwarmJob/run(_:secretID:extraSecrets:onNodeDone:)``
  /// derives it from a ``SwarmJobSpec`` and has no place for extra mounts, such as the restore's target volume).
  /// Waits for the task on `node`, reads the logs, always removes the service.
  public func run(service spec: ServiceSpec, name: String, node: String) async throws -> Result {
    let nodes = try await members()
    _ = try Self.expectedNodes(.oneTask(node: node), nodes: nodes)
    let id = try await manager.createService(spec)
    logger.debug("job \(name) created (\(id)) on \(node)")
    do {
      let result = try await watchOne(serviceID: id, name: name, node: node)
      await removeQuietly(id)
      return result
    } catch {
      await removeQuietly(id)
      throw error
    }
  }

  private func watchOne(serviceID: String, name: String, node: String) async throws -> Result {
    var watch = JobWatch(expected: [node])
    let clock = ContinuousClock()
    let start = clock.now
    var nodes: [SwarmNode] = []
    var tasks: [SwarmTask] = []
    while !watch.isFinished {
      if clock.now - start > timeout {
        watch.timeOut(tasks: tasks, nodes: nodes)
        break
      }
      try await Task.sleep(for: pollInterval)
      nodes = (try? await manager.nodes()) ?? nodes
      tasks = (try? await manager.tasks(filters: ["service": [serviceID]])) ?? tasks
      watch.observe(nodes: nodes, tasks: tasks, graceForTasksOver: clock.now - start > taskGrace)
    }
    let logs = await readLogs(serviceID)
    return Result(
      name: name, outcomes: [NodeOutcome(node: node, outcome: watch.outcomes[node] ?? .nodeDown)], logs: logs)
  }

  private func removeQuietly(_ id: String) async {
    do {
      try await manager.removeService(id)
    } catch {
      logger.warning("could not remove the job service \(id): \(error); remove it with `docker service rm \(id)`")
    }
  }
}
