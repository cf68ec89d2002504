/// Everything that can go wrong when talking to a Docker engine.
///
/// The cases keep apart *where* a failure happened: reaching the daemon (`transport`), the daemon
/// saying no (`http`, carrying the daemon's own message), or us not understanding its answer (`decoding`).
public enum DockerEngineError: Error, CustomStringConvertible, Sendable {
  /// The endpoint URL could not be understood or is refused (e.g. plain TCP to a remote host).
  case invalidEndpoint(String, reason: String)
  /// The daemon could not be reached or the connection broke: connect refused, missing socket, TLS, ssh…
  /// When the daemon could not be reached at all, `reason` starts with "cannot connect: ".
  case transport(endpoint: String, reason: String)
  /// The daemon answered with a non-success status. `message` is the daemon's `{"message": …}`, else the body text.
  case http(status: Int, message: String, method: String, path: String)
  /// The daemon answered something we could not decode as `type`.
  case decoding(type: String, path: String, reason: String)
  /// The daemon's API version is too old for skep, or the daemon refuses every version skep speaks.
  case unsupportedVersion(endpoint: String, daemonAPI: APIVersion, daemonMinimum: APIVersion?, reason: String)

  public var description: String {
    switch self {
    case .invalidEndpoint(let url, let reason):
      return "Invalid Docker endpoint \"\(url)\": \(reason)"
    case .transport(let endpoint, let reason):
      if reason.hasPrefix(TransportErrorText.connectPrefix) {
        return
          "cannot connect to Docker engine \(endpoint): \(reason.dropFirst(TransportErrorText.connectPrefix.count))"
      }
      return "Docker engine \(endpoint): \(reason)"
    case .http(let status, let message, let method, let path):
      return "Docker engine: HTTP \(status) on \(method) \(path): \(message)"
    case .decoding(let type, let path, let reason):
      return "Docker engine: could not decode \(type) from \(path): \(reason)"
    case .unsupportedVersion(let endpoint, _, _, let reason):
      return "Docker engine \(endpoint): \(reason)"
    }
  }

  /// The HTTP status when this is an `.http` error, else nil. Handy for `if error.status == 404`.
  public var status: Int? {
    if case .http(let status, _, _, _) = self { return status }
    return nil
  }
}
