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
      let result = try await watch(serviceID: id, name: name, expected: [node])
      await remove(id)
      return result
    } catch {
      await remove(id)
      throw error
    }
  }
}
