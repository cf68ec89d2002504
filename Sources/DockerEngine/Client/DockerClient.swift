import Logging
import NIOCore
import NIOPosix

/// A typed client for one Docker engine.
///
/// A cheap `Sendable` value: every request opens its own connection (`Connection: close`), so copies can be used
/// from any task. The API version is negotiated lazily on the first call and cached for the life of the client.
public struct DockerClient: Sendable {
  /// The oldest API skep needs: Docker 20.10 (swarm jobs).
  public static let minimumAPIVersion = APIVersion(major: 1, minor: 41)
  /// The newest API skep speaks; a newer daemon is talked to at this version.
  public static let maximumAPIVersion = APIVersion(major: 1, minor: 45)

  /// Where the daemon is. Set it before the first call: the negotiated version is cached per client.
  public var endpoint: DockerEndpoint
  /// The OpenSSH client run for `ssh://` endpoints: a path, or a name looked up on `PATH` (default `ssh`).
  public var sshCommand = "ssh"
  let logger: Logger
  let timeout: TimeAmount
  let group: any EventLoopGroup
  let versionCache = VersionCache()

  /// Creates a client; nothing is contacted until the first call.
  /// - Parameters:
  ///   - endpoint: the daemon to talk to.
  ///   - logger: receives one debug line per request (method, path, status, duration); never bodies or secrets.
  ///   - timeout: connect timeout, and the limit for any non-streaming request.
  public init(
    endpoint: DockerEndpoint,
    logger: Logger = Logger(label: "skep.docker"),
    timeout: TimeAmount = .seconds(30)
  ) {
    self.endpoint = endpoint
    self.logger = logger
    self.timeout = timeout
    self.group = MultiThreadedEventLoopGroup.singleton
  }

  /// The API version used for requests: `min(daemon's ApiVersion, maximumAPIVersion)`, negotiated once.
  /// - Throws: `DockerEngineError.unsupportedVersion` when the daemon is too old or refuses our versions.
  public func negotiatedVersion() async throws -> APIVersion {
    if let cached = await versionCache.cached() { return cached }
    let version = try await self.version()
    guard let daemonAPI = APIVersion(version.apiVersion) else {
      throw DockerEngineError.decoding(
        type: "SystemVersion", path: "/version", reason: "ApiVersion \"\(version.apiVersion)\" is not a version")
    }
    let chosen = try VersionNegotiation.choose(
      daemonAPI: daemonAPI, daemonMinimum: version.minAPIVersion.flatMap(APIVersion.init),
      engineVersion: version.version, endpoint: endpoint.description)
    await versionCache.store(
      chosen, daemonAPI: daemonAPI, daemonMinimum: version.minAPIVersion.flatMap(APIVersion.init))
    logger.debug("negotiated Docker API \(chosen)", metadata: ["endpoint": "\(endpoint)", "daemonAPI": "\(daemonAPI)"])
    return chosen
  }

  /// `/v1.NN` + path.
  func versioned(_ path: String) async throws -> String {
    "/v\(try await negotiatedVersion())" + path
  }
}
