import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension RegistryClient {
  typealias Answer = HTTPExchange.Answer

  /// Sends a request, reads the whole answer and checks its status (2xx passes; see `check`).
  func send(_ request: HTTPRequest, allowing allowed: Set<Int> = []) async throws(RegistryError) -> Answer {
    var request = request
    request.timeout = timeout
    let start = ContinuousClock.now
    let connector = Connector(endpoint: endpoint, group: group, connectTimeout: timeout)
    let answer: Answer
    do {
      answer = try await HTTPExchange.send(request, to: connector, host: address)
    } catch {
      logger.debug("\(request.method) \(request.path) failed: \(error)", metadata: ["registry": "\(address)"])
      throw .transport(registry: address, reason: TransportErrorText.reason(error, host: host))
    }
    logger.debug(
      "\(request.method) \(request.path) → \(answer.status)",
      metadata: ["registry": "\(address)", "ms": "\((ContinuousClock.now - start).milliseconds)"])
    try check(answer, request: request, allowing: allowed)
    return answer
  }

  /// Like `send`, then decodes the body as JSON.
  func send<T: Decodable>(_ request: HTTPRequest, as type: T.Type) async throws(RegistryError) -> (T, Answer) {
    let answer = try await send(request)
    do {
      return (try JSONDecoder().decode(T.self, from: answer.body), answer)
    } catch {
      throw .decoding(type: "\(T.self)", path: request.path, reason: DockerClient.describe(error))
    }
  }

  /// Throws unless the status is 2xx or in `allowed`: `.deleteDisabled` for a 405 on DELETE, else `.http` with the
  /// registry's own messages.
  func check(_ answer: Answer, request: HTTPRequest, allowing allowed: Set<Int>) throws(RegistryError) {
    guard !(200..<300).contains(answer.status), !allowed.contains(answer.status) else { return }
    let errors = Self.registryErrors(answer.body)
    if request.method == .DELETE, answer.status == 405 || errors.contains(where: { $0.code == "UNSUPPORTED" }) {
      throw .deleteDisabled(registry: address)
    }
    var message =
      errors.isEmpty
      ? (Self.bodyText(answer.body) ?? HTTPResponseStatus(statusCode: answer.status).reasonPhrase)
      : errors.map(\.text).joined(separator: "; ")
    if answer.status == 401 { message += " (skep talks to registries without credentials)" }
    throw .http(status: answer.status, message: message, method: request.method.rawValue, path: request.path)
  }

  /// One entry of the registry's `{"errors": [{"code", "message", "detail"}]}`.
  struct ErrorEntry: Decodable {
    var code: String?
    var message: String?

    /// `manifest unknown (MANIFEST_UNKNOWN)`.
    var text: String {
      switch (message, code) {
      case (let message?, let code?): return "\(message) (\(code))"
      case (let message?, nil): return message
      case (nil, let code?): return code
      case (nil, nil): return "unknown error"
      }
    }
  }

  static func registryErrors(_ body: ByteBuffer) -> [ErrorEntry] {
    struct Envelope: Decodable { var errors: [ErrorEntry]? }
    return (try? JSONDecoder().decode(Envelope.self, from: body))?.errors ?? []
  }

  static func bodyText(_ body: ByteBuffer) -> String? {
    let text = String(buffer: body).trimmingWhitespace()
    return text.isEmpty ? nil : String(text.prefix(500))
  }
}
