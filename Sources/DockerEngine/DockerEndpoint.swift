/// Where a Docker engine listens and how to reach it.
public struct DockerEndpoint: Sendable, Hashable, CustomStringConvertible {
  /// How bytes travel to the daemon.
  public enum Transport: Sendable, Hashable {
    /// A local unix socket, e.g. `/var/run/docker.sock`.
    case unix(path: String)
    /// TCP, with TLS when `tls` is set.
    case tcp(host: String, port: Int, tls: DockerTLS?)
    /// The system `ssh` client running `docker system dial-stdio` on the remote host.
    case ssh(user: String?, host: String, port: Int?)
  }

  /// The transport.
  public var transport: Transport

  /// Wraps a transport as is, without the safety checks `parse` makes.
  public init(transport: Transport) {
    self.transport = transport
  }

  /// The default local socket of a Linux Docker engine.
  public static let defaultUnixSocket = "unix:///var/run/docker.sock"

  public var description: String {
    switch transport {
    case .unix(let path):
      return "unix://" + path
    case .tcp(let host, let port, _):
      return "tcp://\(Self.bracketed(host)):\(port)"
    case .ssh(let user, let host, let port):
      let userPart = user.map { $0 + "@" } ?? ""
      let portPart = port.map { ":\($0)" } ?? ""
      return "ssh://\(userPart)\(Self.bracketed(host))\(portPart)"
    }
  }

  /// Parses `unix:///path`, `tcp://host[:port]` or `ssh://[user@]host[:port]`.
  ///
  /// Plain (non-TLS) TCP to anything but a loopback address is refused unless `allowInsecure` is true:
  /// anyone who can reach that port owns the machine.
  /// - Parameters:
  ///   - url: the endpoint, as in `DOCKER_HOST`.
  ///   - tls: TLS material, used for `tcp://` only.
  ///   - allowInsecure: allow plain TCP to a remote address.
  public static func parse(_ url: String, tls: DockerTLS? = nil, allowInsecure: Bool = false) throws -> DockerEndpoint {
    let trimmed = url.trimmingWhitespace()
    func invalid(_ reason: String) -> DockerEngineError { .invalidEndpoint(url, reason: reason) }
    guard let schemeEnd = trimmed.range(of: "://") else {
      throw invalid("expected unix:///path, tcp://host:port or ssh://user@host")
    }
    let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
    let rest = String(trimmed[schemeEnd.upperBound...])
    switch scheme {
    case "unix":
      guard rest.hasPrefix("/"), rest.count > 1 else { throw invalid("a unix socket needs an absolute path") }
      return DockerEndpoint(transport: .unix(path: rest))
    case "tcp":
      let authority = try hostPort(rest, url: url)
      let port = authority.port ?? (tls == nil ? 2375 : 2376)
      if tls == nil, !allowInsecure, !isLoopback(authority.host) {
        throw invalid(
          "plain TCP to \(authority.host) is unauthenticated and unencrypted; "
            + "pass --insecure to allow it, or use TLS (DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) or ssh://")
      }
      return DockerEndpoint(transport: .tcp(host: authority.host, port: port, tls: tls))
    case "ssh":
      var user: String?
      var hostPart = rest
      if let at = rest.lastIndex(of: "@") {
        user = String(rest[..<at])
        hostPart = String(rest[rest.index(after: at)...])
        if user?.isEmpty == true { throw invalid("empty user name") }
      }
      let authority = try hostPort(hostPart, url: url)
      return DockerEndpoint(transport: .ssh(user: user, host: authority.host, port: authority.port))
    default:
      throw invalid("unsupported scheme \"\(scheme)\" (use unix, tcp or ssh)")
    }
  }

  /// Like the docker CLI: `DOCKER_HOST` (default `unix:///var/run/docker.sock`); when `DOCKER_TLS_VERIFY` is set
  /// to any non-empty value, TLS with verification using `DOCKER_CERT_PATH` (default `~/.docker`).
  public static func fromEnvironment(_ env: [String: String], allowInsecure: Bool = false) throws -> DockerEndpoint {
    let host = env["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultUnixSocket
    var tls: DockerTLS?
    if let verify = env["DOCKER_TLS_VERIFY"], !verify.isEmpty {
      let home = env["HOME"] ?? "/root"
      let certDir = env["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.docker"
      tls = DockerTLS(certDirectory: certDir, verify: true)
    }
    return try parse(host, tls: tls, allowInsecure: allowInsecure)
  }

  /// True for `localhost`, `127.0.0.0/8` and `::1`.
  static func isLoopback(_ host: String) -> Bool {
    let lower = host.lowercased()
    if lower == "localhost" || lower == "::1" || lower == "0:0:0:0:0:0:0:1" { return true }
    let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
  }

  private static func bracketed(_ host: String) -> String {
    host.contains(":") ? "[\(host)]" : host
  }

  private static func hostPort(_ text: String, url: String) throws -> (host: String, port: Int?) {
    var authority = Substring(text)
    if authority.hasSuffix("/") { authority = authority.dropLast() }
    guard !authority.isEmpty else { throw DockerEngineError.invalidEndpoint(url, reason: "missing host") }
    guard !authority.contains("/"), !authority.contains("?"), !authority.contains("#") else {
      throw DockerEngineError.invalidEndpoint(url, reason: "a path is not supported here")
    }
    var host: Substring
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        throw DockerEngineError.invalidEndpoint(url, reason: "unclosed [ in IPv6 address")
      }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { throw DockerEngineError.invalidEndpoint(url, reason: "junk after ]") }
        portText = after.dropFirst()
      }
    } else if let colon = authority.firstIndex(of: ":") {
      host = authority[..<colon]
      portText = authority[authority.index(after: colon)...]
    } else {
      host = authority
    }
    guard !host.isEmpty, !host.contains(" ") else {
      throw DockerEngineError.invalidEndpoint(url, reason: "missing host")
    }
    var port: Int?
    if let portText {
      guard let value = Int(portText), (1...65535).contains(value) else {
        throw DockerEngineError.invalidEndpoint(url, reason: "invalid port \"\(portText)\"")
      }
      port = value
    }
    return (String(host), port)
  }
}

extension String {
  func trimmingWhitespace() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
