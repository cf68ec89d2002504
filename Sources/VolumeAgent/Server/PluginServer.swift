import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import VolumeDriver

/// Serves the legacy Docker plugin protocol on a unix socket: HTTP/1.1 POSTs with JSON bodies, answered through a
/// ``PluginRouter``. Connections stay open for as many requests as the daemon sends (Go keeps them alive).
public struct PluginServer<Handler: VolumeDriverHandler>: Sendable {
  typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

  /// The socket path (`/run/docker/plugins/skep.sock`); its folder is created, a stale socket file replaced.
  public var socketPath: String
  /// Where requests go.
  public var router: PluginRouter<Handler>
  public var logger: Logger

  /// Creates a server for `handler` on `socketPath`.
  public init(socketPath: String, handler: Handler, logger: Logger = Logger(label: "skep.agent.plugin")) {
    self.socketPath = socketPath
    self.router = PluginRouter(handler: handler)
    self.logger = logger
  }

  /// Listens until the task is cancelled; `ready` is called once the socket accepts connections. The socket file is
  /// removed on the way out, so the daemon stops looking for the plugin there.
  public func run(ready: @Sendable () -> Void = {}) async throws {
    let folder = (socketPath as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 64)
      .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true) { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          return try Connection(wrappingChannelSynchronously: channel)
        }
      }
    defer { try? FileManager.default.removeItem(atPath: socketPath) }
    logger.info("serving the volume plugin protocol on \(socketPath)")
    ready()
    try await withTaskCancellationHandler {
      try await withThrowingDiscardingTaskGroup { group in
        try await server.executeThenClose { inbound in
          for try await connection in inbound {
            group.addTask { await serve(connection) }
          }
        }
      }
    } onCancel: {
      server.channel.close(promise: nil)
    }
  }

  func serve(_ connection: Connection) async {
    do {
      try await connection.executeThenClose { inbound, outbound in
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        for try await part in inbound {
          switch part {
          case .head(let received):
            head = received
            body.clear()
          case .body(var chunk):
            body.writeBuffer(&chunk)
          case .end:
            guard let request = head else { continue }
            let answer = await router.route(path: request.uri, body: Data(body.readableBytesView))
            if answer.status != 200 {
              logger.info("\(request.uri): \(String(decoding: answer.body, as: UTF8.self))")
            } else {
              logger.debug("\(request.uri): 200")
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: PluginRouter<Handler>.contentType)
            headers.add(name: "Content-Length", value: String(answer.body.count))
            if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
            let status = HTTPResponseStatus(statusCode: answer.status)
            try await outbound.write(
              .head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
            try await outbound.write(.end(nil))
            if !request.isKeepAlive { return }
            head = nil
          }
        }
      }
    } catch {
      logger.debug("plugin connection ended: \(error)")
    }
  }
}
