/// Everything that can go wrong when talking to a registry (distribution v2 API).
///
/// Like `DockerEngineError`, the cases keep apart where it happened: reaching the registry (`transport`), the
/// registry saying no (`http`, with its own `errors[].message`), or us not understanding its answer (`decoding`).
public enum RegistryError: Error, CustomStringConvertible, Sendable {
  /// The address could not be understood (`http://host:port` or `host:port` expected).
  case invalidAddress(String, reason: String)
  /// The registry could not be reached or the connection broke.
  case transport(registry: String, reason: String)
  /// A non-success status. `message` joins the registry's `errors[].message` (with their codes), else the body text.
  case http(status: Int, message: String, method: String, path: String)
  /// Deleting manifests is switched off in the registry's configuration (405 `UNSUPPORTED`).
  case deleteDisabled(registry: String)
  /// The registry answered something we could not decode as `type`.
  case decoding(type: String, path: String, reason: String)

  public var description: String {
    switch self {
    case .invalidAddress(let address, let reason):
      return "invalid registry address \"\(address)\": \(reason)"
    case .transport(let registry, let reason):
      if reason.hasPrefix(TransportErrorText.connectPrefix) {
        return "cannot connect to registry \(registry): \(reason.dropFirst(TransportErrorText.connectPrefix.count))"
      }
      return "registry \(registry): \(reason)"
    case .http(let status, let message, let method, let path):
      return "registry: HTTP \(status) on \(method) \(path): \(message)"
    case .deleteDisabled(let registry):
      return
        "registry \(registry) does not allow deletes: set `storage: delete: enabled: true` in its config.yml "
        + "(Debian: /etc/docker/registry/config.yml) and restart it"
    case .decoding(let type, let path, let reason):
      return "registry: could not decode \(type) from \(path): \(reason)"
    }
  }

  /// The HTTP status for `.http` (405 for `.deleteDisabled`), else nil.
  public var status: Int? {
    switch self {
    case .http(let status, _, _, _): return status
    case .deleteDisabled: return 405
    default: return nil
    }
  }
}
