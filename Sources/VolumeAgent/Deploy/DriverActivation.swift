import DockerEngine
import Logging

/// Makes a node's dockerd use the skep driver once — create, then remove, a throwaway volume — so that it reports the
/// driver to the swarm. A legacy plugin is only activated when first used, and the swarm refuses to place a task
/// whose volume names a driver the node has not reported ("missing plugin"). `agent deploy` does it for every node;
/// the agent does it again for its own node each time it starts, since a restarted dockerd (a reboot, a power loss,
/// `skep node setup`) has forgotten it.
public enum DriverActivation {
  /// Retries every second until `deadline` seconds have passed; returns the last error when it never answered.
  public static func activate(
    node: String, engine: DockerClient, for seconds: Int = 60, logger: Logger
  ) async -> String? {
    let name = "skep-activate-\(node)"
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(seconds))
    var lastError = "not tried"
    while clock.now < deadline, !Task.isCancelled {
      do {
        _ = try await engine.createVolume(.init(name: name, driver: VolumeAgentDefaults.driverName))
        try await engine.removeVolume(name)
        logger.info("node \(node): dockerd uses the skep volume driver")
        return nil
      } catch {
        lastError = "\(error)"
        try? await Task.sleep(for: .seconds(1))
      }
    }
    return lastError
  }
}
