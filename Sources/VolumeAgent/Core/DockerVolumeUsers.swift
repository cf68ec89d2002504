import DockerEngine

/// ``VolumeUsers`` through the node's Docker engine: running containers that mount the volume.
public struct DockerVolumeUsers: VolumeUsers {
  public var docker: DockerClient

  /// Creates it for the node's engine.
  public init(docker: DockerClient) { self.docker = docker }

  public func runningContainers(using volume: String) async -> [String]? {
    guard let found = try? await docker.containers(filters: ["volume": [volume], "status": ["running", "paused"]])
    else { return nil }
    return found.map(\.id)
  }
}
