import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client for skep's own services (the skep-control API): one request per connection over the
/// same NIO transport as the Docker client, plain HTTP on TCP. No redirects, no cookies, no TLS.
public struct PlainHTTPClient: Sendable {
  /// A complete answer.
  public struct Response: Sendable {
    public var status: Int
    public var body: Data
    /// A response header's value (the first one of that name, case-insensitive).
    public var headers: [String: String]
  }

  /// The server's host name or address.
  public let host: String
  /// Its TCP port.
  public let port: Int
  let timeout: TimeAmount

  /// Creates a client; nothing is contacted until the first call.
  public init(host: String, port: Int, timeout: TimeAmount = .seconds(30)) {
    self.host = host
    self.port = port
    self.timeout = timeout
  }

  /// Sends `method path` with the headers and body given and reads the whole answer (at most 16 MiB).
  /// - Throws: a transport error with a readable description when the server cannot be reached or answers badly.
  public func send(
    _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
  ) async throws -> Response {
    var request = HTTPRequest(method: HTTPMethod(rawValue: method), path: path, timeout: timeout)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body {
      request.body = .bytes(ByteBuffer(data: body))
      request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
    }
    let endpoint = DockerEndpoint(transport: .tcp(host: host, port: port, tls: nil))
    let connector = Connector(endpoint: endpoint, group: MultiThreadedEventLoopGroup.singleton, connectTimeout: timeout)
    let address = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    do {
      let answer = try await HTTPExchange.send(request, to: connector, host: address, limit: 16 * 1024 * 1024)
      var headers: [String: String] = [:]
      for (name, value) in answer.headers where headers[name.lowercased()] == nil { headers[name.lowercased()] = value }
      return Response(status: answer.status, body: Data(buffer: answer.body), headers: headers)
    } catch {
      throw PlainHTTPError(address: address, reason: TransportErrorText.reason(error, host: host))
    }
  }
}

/// A request that got no complete answer.
public struct PlainHTTPError: Error, Sendable, CustomStringConvertible {
  /// `host:port`.
  public var address: String
  /// What went wrong, in words.
  public var reason: String

  public var description: String { "\(address): \(reason)" }
}
