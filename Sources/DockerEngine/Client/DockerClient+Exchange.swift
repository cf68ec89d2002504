import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension DockerClient {
  /// Sends a request and returns as soon as the response head arrives; the body streams afterwards.
  /// Transport failures become `DockerEngineError.transport`; HTTP status is NOT checked here.
  func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
    let start = ContinuousClock.now
    let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
    let connector = Connector(
      endpoint: endpoint, group: group, connectTimeout: timeout, sshCommand: sshCommand)
    var ssh: SSHProcess?
    do {
      let connection = try await connector.connect(responseTimeout: request.timeout, body: continuation)
      let channel = connection.channel
      let headFuture = connection.head
      ssh = connection.ssh
      continuation.onTermination = { _ in channel.close(promise: nil) }
      let head = try await withTaskCancellationHandler {
        // The daemon may answer (and close) before reading the whole request, e.g. an early error:
        // a failed write only matters if no response head arrives.
        var writeError: (any Error)?
        do {
          try await request.write(to: channel, host: "docker")
        } catch {
          writeError = error
          channel.close(promise: nil)
        }
        do {
          return try await headFuture.get()
        } catch {
          // A write that failed because the connection went away (TLS handshake, daemon hung up) is a symptom:
          // the head's error says why. A write that failed on its own (an unreadable upload file) is the cause.
          if let writeError, !(writeError is ChannelError || writeError is IOError) { throw writeError }
          throw error
        }
      } onCancel: {
        channel.close(promise: nil)
      }
      logger.debug(
        "\(request.method) \(request.path) → \(head.status.code)",
        metadata: ["endpoint": "\(endpoint)", "ms": "\((ContinuousClock.now - start).milliseconds)"])
      return HTTPResponse(status: Int(head.status.code), headers: head.headers, body: stream)
    } catch {
      continuation.finish(throwing: error)
      logger.debug("\(request.method) \(request.path) failed: \(error)", metadata: ["endpoint": "\(endpoint)"])
      // When ssh gave up (auth, unknown host, no docker there), its own words say why better than a closed pipe.
      if let ssh, let reason = await ssh.failureReason() {
        throw DockerEngineError.transport(endpoint: endpoint.description, reason: reason)
      }
      throw transportError(error)
    }
  }

  /// Sends a request and collects the whole body; non-2xx answers become `DockerEngineError.http`.
  func send(_ request: HTTPRequest) async throws -> ByteBuffer {
    let response = try await perform(request)
    do {
      let body = try await response.collect()
      try check(response, body: body, request: request)
      return body
    } catch let error as DockerEngineError {
      throw error
    } catch {
      throw transportError(error)
    }
  }

  /// Like `send`, then decodes the body as JSON.
  func send<T: Decodable>(_ request: HTTPRequest, as type: T.Type) async throws -> T {
    let body = try await send(request)
    do {
      return try JSONDecoder().decode(T.self, from: body)
    } catch {
      throw DockerEngineError.decoding(type: "\(T.self)", path: request.path, reason: Self.describe(error))
    }
  }

  /// Builds a request on the negotiated API version.
  func request(
    _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: (any Encodable)? = nil,
    streaming: Bool = false
  ) async throws -> HTTPRequest {
    var request = HTTPRequest(method: method, path: try await versioned(path), query: query)
    request.timeout = streaming ? nil : timeout
    if let json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      do {
        request.body = .bytes(ByteBuffer(data: try encoder.encode(json)))
      } catch {
        throw DockerEngineError.decoding(type: "\(type(of: json))", path: path, reason: "cannot encode: \(error)")
      }
      request.headers.add(name: "Content-Type", value: "application/json")
    }
    return request
  }

  /// Throws `.http` (or `.unsupportedVersion` for the daemon's "client version" refusals) unless 2xx/304.
  func check(_ response: HTTPResponse, body: ByteBuffer, request: HTTPRequest) throws {
    guard !(200..<300).contains(response.status), response.status != 304 else { return }
    let message = Self.daemonMessage(body) ?? HTTPResponseStatus(statusCode: response.status).reasonPhrase
    if response.status == 400, message.contains("client version"),
      message.contains("too old") || message.contains("too new") || message.contains("minimum supported")
    {
      let version = APIVersion(request.path.dropFirst(2).split(separator: "/").first.map(String.init) ?? "")
      throw DockerEngineError.unsupportedVersion(
        endpoint: endpoint.description, daemonAPI: version ?? DockerClient.maximumAPIVersion,
        daemonMinimum: nil, reason: message)
    }
    throw DockerEngineError.http(
      status: response.status, message: message, method: request.method.rawValue, path: request.path)
  }

  /// The daemon's `{"message": …}`, else the trimmed body text, else nil.
  static func daemonMessage(_ body: ByteBuffer) -> String? {
    struct Message: Decodable { var message: String }
    if let decoded = try? JSONDecoder().decode(Message.self, from: body) { return decoded.message }
    let text = String(buffer: body).trimmingWhitespace()
    return text.isEmpty ? nil : text
  }

  func transportError(_ error: any Error) -> DockerEngineError {
    if let error = error as? DockerEngineError { return error }
    var host: String?
    if case .tcp(let name, _, _) = endpoint.transport { host = name }
    return .transport(endpoint: endpoint.description, reason: TransportErrorText.reason(error, host: host))
  }

  static func describe(_ error: any Error) -> String {
    switch error {
    case let error as DecodingError:
      switch error {
      case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
        .valueNotFound(_, let context):
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
      @unknown default:
        return "\(error)"
      }
    default:
      return TransportErrorText.reason(error)
    }
  }
}

extension Duration {
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
