/// The pure decision of which API version to speak with a daemon.
public enum VersionNegotiation {
  /// Picks `min(daemonAPI, ours)`, or explains why the daemon and skep cannot talk.
  /// - Parameters:
  ///   - daemonAPI: the daemon's `ApiVersion` from `GET /version`.
  ///   - daemonMinimum: the daemon's `MinAPIVersion`, if it said.
  ///   - engineVersion: the daemon's product version (e.g. `19.03.15`), for the message.
  ///   - endpoint: the endpoint, for the message.
  public static func choose(
    daemonAPI: APIVersion,
    daemonMinimum: APIVersion?,
    engineVersion: String?,
    endpoint: String,
    minimum: APIVersion = DockerClient.minimumAPIVersion,
    maximum: APIVersion = DockerClient.maximumAPIVersion
  ) throws(DockerEngineError) -> APIVersion {
    let engine = engineVersion.map { "Docker Engine \($0)" } ?? "Docker Engine"
    if daemonAPI < minimum {
      throw .unsupportedVersion(
        endpoint: endpoint, daemonAPI: daemonAPI, daemonMinimum: daemonMinimum,
        reason: "\(engine) (API \(daemonAPI)) is too old: skep needs API \(minimum) (Docker 20.10) or newer")
    }
    if let daemonMinimum, daemonMinimum > maximum {
      throw .unsupportedVersion(
        endpoint: endpoint, daemonAPI: daemonAPI, daemonMinimum: daemonMinimum,
        reason: "\(engine) (API \(daemonAPI)) refuses API versions below \(daemonMinimum), "
          + "but skep speaks at most API \(maximum)")
    }
    return Swift.min(daemonAPI, maximum)
  }
}

/// Caches the negotiated version of one client; negotiation happens lazily on first use.
actor VersionCache {
  private var negotiated: APIVersion?
  private var daemon: (api: APIVersion, minimum: APIVersion?)?

  func cached() -> APIVersion? { negotiated }

  func daemonVersions() -> (api: APIVersion, minimum: APIVersion?)? { daemon }

  func store(_ version: APIVersion, daemonAPI: APIVersion, daemonMinimum: APIVersion?) {
    negotiated = version
    daemon = (daemonAPI, daemonMinimum)
  }
}
