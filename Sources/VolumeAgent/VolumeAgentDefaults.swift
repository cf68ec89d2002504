/// Where the agent keeps its volumes and state on the host, and the plugin socket Docker looks for.
public enum VolumeAgentDefaults {
  /// The driver name services use (`volume-driver=skep`, `driver: skep`).
  public static let driverName = "skep"
  /// The legacy plugin socket the node's dockerd discovers.
  public static let socketPath = "/run/docker/plugins/skep.sock"
  /// Volume data and per-volume state on the host, never inside `/var/lib/docker`.
  public static let volumesRoot = "/var/lib/skep/volumes"
}
