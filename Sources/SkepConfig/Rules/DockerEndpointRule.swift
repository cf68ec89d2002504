/// Checks a node's `docker` endpoint: `unix:///path`, `tcp://host:port` or `ssh://[user@]host[:port]`.
enum DockerEndpointRule {
  enum Scheme: String {
    case unix, tcp, ssh
  }

  struct Endpoint: Equatable {
    var scheme: Scheme
    /// The host for tcp and ssh; nil for unix.
    var host: String?

    var isLoopback: Bool {
      guard let host else { return true }
      return host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }
  }

  static let examples = "unix:///var/run/docker.sock, tcp://192.168.1.10:2376 or ssh://pi@192.168.1.10"

  /// The parsed endpoint, or a message saying what is wrong and what was expected.
  static func parse(_ endpoint: String) -> Result<Endpoint, EndpointProblem> {
    guard let separator = endpoint.range(of: "://") else {
      return .failure(EndpointProblem("'\(endpoint)' is not a Docker endpoint; expected a URL like \(examples)"))
    }
    let schemeText = String(endpoint[..<separator.lowerBound])
    let rest = endpoint[separator.upperBound...]
    guard let scheme = Scheme(rawValue: schemeText) else {
      return .failure(
        EndpointProblem(
          "unsupported Docker endpoint scheme '\(schemeText)://' in '\(endpoint)'; expected unix://, tcp:// or ssh://"
        ))
    }
    switch scheme {
    case .unix:
      guard rest.hasPrefix("/"), rest.count > 1 else {
        return .failure(
          EndpointProblem(
            "a unix:// endpoint needs an absolute socket path, like unix:///var/run/docker.sock; found '\(endpoint)'"
          ))
      }
      return .success(Endpoint(scheme: .unix, host: nil))
    case .tcp, .ssh:
      return parseNetwork(scheme: scheme, rest: rest, endpoint: endpoint)
    }
  }

  private static func parseNetwork(scheme: Scheme, rest: Substring, endpoint: String) -> Result<
    Endpoint, EndpointProblem
  > {
    let form = scheme == .tcp ? "tcp://host:port, like tcp://192.168.1.10:2376" : "ssh://[user@]host[:port]"
    let authority = rest.prefix { $0 != "/" }
    let path = rest.dropFirst(authority.count)
    guard path.isEmpty || path == "/" else {
      return .failure(EndpointProblem("a \(scheme):// endpoint takes no path; expected \(form), found '\(endpoint)'"))
    }
    var hostPort = authority
    if scheme == .ssh, let at = authority.lastIndex(of: "@") {
      hostPort = authority[authority.index(after: at)...]
    }
    let (host, port) = splitHostPort(hostPort)
    guard !host.isEmpty else {
      return .failure(EndpointProblem("a \(scheme):// endpoint needs a host; expected \(form), found '\(endpoint)'"))
    }
    if scheme == .tcp, port == nil {
      return .failure(EndpointProblem("a tcp:// endpoint needs a port; expected \(form), found '\(endpoint)'"))
    }
    if let port {
      guard let number = Int(port), port.allSatisfy(\.isASCII) else {
        return .failure(EndpointProblem("port '\(port)' in '\(endpoint)' is not a number; expected \(form)"))
      }
      guard (1...65_535).contains(number) else {
        return .failure(EndpointProblem("port \(number) in '\(endpoint)' is out of range; expected 1 to 65535"))
      }
    }
    return .success(Endpoint(scheme: scheme, host: host))
  }

  /// Splits `host:port` or `[v6]:port`; the port is nil when there is no colon.
  static func splitHostPort(_ authority: Substring) -> (host: String, port: String?) {
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
      let host = String(authority[authority.index(after: authority.startIndex)..<close])
      let after = authority[authority.index(after: close)...]
      return (host, after.hasPrefix(":") ? String(after.dropFirst()) : nil)
    }
    guard let colon = authority.lastIndex(of: ":") else { return (String(authority), nil) }
    return (String(authority[..<colon]), String(authority[authority.index(after: colon)...]))
  }
}

/// Why an endpoint was rejected.
struct EndpointProblem: Error, Equatable {
  var message: String
  init(_ message: String) { self.message = message }
}
