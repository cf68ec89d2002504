import NIOCore
import NIOHTTP1

/// One request over a fresh connection, the whole answer read: what the registry client and the plain HTTP client
/// share.
enum HTTPExchange {
  /// A response whose body was read completely.
  struct Answer {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
  }

  /// Connects, writes `request` (with `Host: host`), reads the head and up to `limit` bytes of body; closes the
  /// connection if the task is cancelled.
  static func send(
    _ request: HTTPRequest, to connector: Connector, host: String, limit: Int = 64 * 1024 * 1024
  ) async throws -> Answer {
    let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
    do {
      let connection = try await connector.connect(responseTimeout: request.timeout, body: continuation)
      let channel = connection.channel
      continuation.onTermination = { _ in channel.close(promise: nil) }
      let head = try await withTaskCancellationHandler {
        var writeError: (any Error)?
        do {
          try await request.write(to: channel, host: host)
        } catch {
          writeError = error
          channel.close(promise: nil)
        }
        do {
          return try await connection.head.get()
        } catch {
          if let writeError, !(writeError is ChannelError || writeError is IOError) { throw writeError }
          throw error
        }
      } onCancel: {
        channel.close(promise: nil)
      }
      let body = try await HTTPResponse(status: Int(head.status.code), headers: head.headers, body: stream).collect(
        limit: limit)
      return Answer(status: Int(head.status.code), headers: head.headers, body: body)
    } catch {
      continuation.finish(throwing: error)
      throw error
    }
  }
}
