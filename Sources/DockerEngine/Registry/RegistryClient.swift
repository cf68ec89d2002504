import Logging
import NIOCore
import NIOPosix

/// A client for one container registry's distribution v2 API (`/v2/…`): repositories, tags, manifests, deletes.
///
/// A cheap `Sendable` value like `DockerClient`: each request opens its own connection over the same NIO transport.
/// Plain HTTP is the default (a home-lab registry listed in the engines' `insecure-registries`); `https://` works
/// when given the CA that signed the registry's certificate. No authentication.
public struct RegistryClient: Sendable {
  /// The registry's host name or address.
  public let host: String
  /// Its TCP port.
  public let port: Int
  /// TLS material for an `https://` registry; nil for plain HTTP.
  public let tls: DockerTLS?
  let logger: Logger
  let timeout: TimeAmount
  let group: any EventLoopGroup

  /// Creates a client; nothing is contacted until the first call.
  /// - Parameters:
  ///   - address: `host:port` as in image references (plain HTTP), `http://host[:port]` (port 80 by default) or
  ///     `https://host[:port]` (port 443; needs `tls`).
  ///   - tls: for `https://`: `caPath` is the CA that signed the registry's certificate (Docker keeps it in
  ///     `/etc/docker/certs.d/HOST:PORT/ca.crt`); `certPath`/`keyPath` are presented when they exist.
  ///   - logger: one debug line per request (method, path, status); never bodies.
  ///   - timeout: connect timeout and the limit for each request.
  /// - Throws: `RegistryError.invalidAddress` when the address cannot be read, or `https://` comes without `tls`.
  public init(
    address: String, tls: DockerTLS? = nil, logger: Logger = Logger(label: "skep.registry"),
    timeout: TimeAmount = .seconds(30)
  ) throws(RegistryError) {
    let parsed = try RegistryAddress.parse(address)
    if parsed.secure, tls == nil {
      throw .invalidAddress(address, reason: "https needs the CA of the registry's certificate (tls: caPath)")
    }
    self.host = parsed.host
    self.port = parsed.port
    self.tls = parsed.secure ? tls : nil
    self.logger = logger
    self.timeout = timeout
    self.group = MultiThreadedEventLoopGroup.singleton
  }

  /// `host:port`, the way image references name the registry.
  public var address: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

  /// `http://host:port` or `https://host:port`.
  public var url: String { (tls == nil ? "http://" : "https://") + address }

  var endpoint: DockerEndpoint { DockerEndpoint(transport: .tcp(host: host, port: port, tls: tls)) }
}

/// Reads a registry address: scheme, host and port.
enum RegistryAddress {
  static func parse(_ text: String) throws(RegistryError) -> (host: String, port: Int, secure: Bool) {
    var rest = Substring(text.trimmingWhitespace())
    var secure = false
    var defaultPort: Int?
    if let schemeEnd = rest.range(of: "://") {
      switch rest[..<schemeEnd.lowerBound].lowercased() {
      case "http": defaultPort = 80
      case "https": (secure, defaultPort) = (true, 443)
      case let other: throw .invalidAddress(text, reason: "unsupported scheme \"\(other)\" (use http or https)")
      }
      rest = rest[schemeEnd.upperBound...]
    }
    while rest.hasSuffix("/") { rest = rest.dropLast() }
    guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else {
      throw .invalidAddress(text, reason: "expected host:port, http://host:port or https://host:port")
    }
    var host = rest
    var portText: Substring?
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else { throw .invalidAddress(text, reason: "unclosed [") }
      host = rest[rest.index(after: rest.startIndex)..<close]
      let after = rest[rest.index(after: close)...]
      if after.hasPrefix(":") {
        portText = after.dropFirst()
      } else if !after.isEmpty {
        throw .invalidAddress(text, reason: "unexpected text after ]")
      }
    } else if let colon = rest.lastIndex(of: ":") {
      host = rest[..<colon]
      portText = rest[rest.index(after: colon)...]
    }
    let port: Int
    if let portText {
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw .invalidAddress(text, reason: "port \"\(portText)\" is not a number from 1 to 65535")
      }
      port = number
    } else if let defaultPort {
      port = defaultPort
    } else {
      throw .invalidAddress(text, reason: "missing port (a registry is usually host:5000)")
    }
    guard !host.isEmpty else { throw .invalidAddress(text, reason: "missing host") }
    return (String(host), port, secure)
  }
}
