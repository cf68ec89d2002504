import DockerEngine
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A fake Docker daemon: an HTTP/1.1 server on a temporary unix socket that answers canned responses per
/// (method, path) and records every request.
///
/// `GET /_ping` and `GET /version` (API 1.45, minimum 1.24) answer by default; register your own to override.
/// Unknown routes answer 404 with Docker's `{"message": …}` shape.
public final class StubDockerServer: @unchecked Sendable {
  /// The socket the stub listens on (empty for a TCP stub).
  public let socketPath: String
  /// The port on 127.0.0.1 a TCP stub (`startTCP`) listens on; nil for a unix-socket stub.
  public let port: Int?
  private let channel: any Channel
  private let lock = NSLock()
  private var routes: [String: Response] = [:]
  private var sequences: [String: [Response]] = [:]
  private var recorded: [RecordedRequest] = []

  /// An endpoint pointing at the stub.
  public var endpoint: DockerEndpoint { DockerEndpoint(transport: .unix(path: socketPath)) }

  private init(socketPath: String, port: Int? = nil, channel: any Channel) {
    self.socketPath = socketPath
    self.port = port
    self.channel = channel
  }

  /// Starts a stub on a fresh socket under the temporary directory.
  public static func start(apiVersion: String = "1.45", minAPIVersion: String = "1.24") async throws
    -> StubDockerServer
  {
    let path = "/tmp/skep-stub-\(UUID().uuidString.prefix(12)).sock"
    let box = ServerBox()
    let channel = try await bootstrap(box).bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
    let server = StubDockerServer(socketPath: path, channel: channel)
    box.server = server
    server.on("GET", "/_ping", .text("OK"))
    server.on(
      "GET", "/version",
      .json(
        #"{"Version":"26.1.5","ApiVersion":"\#(apiVersion)","MinAPIVersion":"\#(minAPIVersion)","Os":"linux","Arch":"amd64"}"#
      ))
    return server
  }

  /// Starts a stub on a random TCP port of 127.0.0.1 (`port`), for clients that speak plain HTTP over TCP such as
  /// `RegistryClient`. Only the routes you register answer.
  public static func startTCP() async throws -> StubDockerServer {
    let box = ServerBox()
    let channel = try await bootstrap(box).bind(host: "127.0.0.1", port: 0).get()
    let server = StubDockerServer(socketPath: "", port: channel.localAddress?.port, channel: channel)
    box.server = server
    return server
  }

  private static func bootstrap(_ box: ServerBox) -> ServerBootstrap {
    ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 64)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try child.pipeline.syncOperations.addHandler(StubHandler(box: box))
        }
      }
  }

  /// Answers `method path` (path without query, e.g. `/v1.45/info`) with `response` from now on.
  public func on(_ method: String, _ path: String, _ response: Response) {
    lock.withLock { routes[method.uppercased() + " " + path] = response }
  }

  /// Answers successive `method path` requests with `responses` in order (pages of a paged listing), then 404.
  public func on(_ method: String, _ path: String, inOrder responses: [Response]) {
    lock.withLock { sequences[method.uppercased() + " " + path] = responses }
  }

  /// Every request received so far, oldest first.
  public var requests: [RecordedRequest] {
    lock.withLock { recorded }
  }

  /// The requests to one path (any method), oldest first.
  public func requests(to path: String) -> [RecordedRequest] {
    requests.filter { $0.path == path }
  }

  /// A TCP port on 127.0.0.1 that nothing listens on: bound, then closed (for "connection refused" tests).
  public static func closedLoopbackPort() async throws -> Int {
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0).get()
    let port = listener.localAddress?.port ?? 0
    try await listener.close()
    return port
  }

  /// Stops listening and removes the socket file.
  public func shutdown() async throws {
    try await channel.close()
    if !socketPath.isEmpty { try? FileManager.default.removeItem(atPath: socketPath) }
  }

  func handle(_ request: RecordedRequest) -> Response {
    lock.withLock {
      recorded.append(request)
      let key = request.method + " " + request.path
      if let queued = sequences[key] {
        guard let next = queued.first else { return .error(404, "stub: no more answers for \(key)") }
        sequences[key] = Array(queued.dropFirst())
        return next
      }
      return routes[key]
        ?? .error(404, "stub: no route for \(request.method) \(request.path)")
    }
  }
}

/// Lets child channels reach the server object created after `bind`.
final class ServerBox: @unchecked Sendable {
  private let lock = NSLock()
  private var storedServer: StubDockerServer?
  var server: StubDockerServer? {
    get { lock.withLock { storedServer } }
    set { lock.withLock { storedServer = newValue } }
  }
}
