import DockerEngine

/// Reads the node's volumes and containers for the planner.
enum NodeObservation {
  /// Every volume, and every container (running or not) with the named volumes it mounts, its labels, state and
  /// environment (from inspect: the environment holds the database credentials; it is never logged).
  static func observe(_ docker: DockerClient) async throws -> (
    volumes: [ObservedVolume], containers: [ObservedContainer]
  ) {
    let volumes = try await docker.volumes().map {
      ObservedVolume(name: $0.name, driver: $0.driver ?? "local", labels: $0.labels ?? [:])
    }
    var containers: [ObservedContainer] = []
    for summary in try await docker.containers(all: true) {
      let mounted = (summary.mounts ?? []).filter { $0.type == "volume" }.compactMap(\.name)
      guard !mounted.isEmpty else { continue }
      let inspect: ContainerInspect
      do {
        inspect = try await docker.inspectContainer(summary.id)
      } catch DockerEngineError.http(status: 404, _, _, _) {
        continue  // removed meanwhile
      }
      let name = (inspect.name ?? summary.names?.first ?? summary.id).trimmingPrefix("/")
      let user = VolumeUser(
        id: inspect.id, name: String(name), image: inspect.config?.image ?? summary.image ?? "",
        labels: inspect.config?.labels ?? summary.labels ?? [:],
        state: inspect.state?.status ?? summary.state ?? "unknown", environment: inspect.config?.env ?? [])
      let volumes = (inspect.mounts ?? summary.mounts ?? []).filter { $0.type == "volume" }.compactMap(\.name)
      containers.append(ObservedContainer(user: user, volumes: volumes))
    }
    return (volumes, containers)
  }
}
