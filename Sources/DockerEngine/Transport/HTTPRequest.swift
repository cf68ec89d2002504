import NIOCore
import NIOHTTP1

/// One HTTP request to the daemon, before it is put on the wire.
struct HTTPRequest: Sendable {
  /// What to send as the body.
  enum Body: Sendable {
    case none
    case bytes(ByteBuffer)
    /// Streamed from a file (image tarballs can be large).
    case file(path: String)
  }

  var method: HTTPMethod
  /// The path including any `/v1.NN` prefix, without the query.
  var path: String
  var query: [(String, String)] = []
  var headers: HTTPHeaders = HTTPHeaders()
  var body: Body = .none
  /// Time allowed for the whole exchange; nil for streams that may run forever.
  var timeout: TimeAmount?
  /// Whether the body is secret (swarm join tokens): never logged.
  var sensitive = false

  /// `path?query`, percent-encoded.
  var uri: String {
    guard !query.isEmpty else { return path }
    let pairs = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
    return path + "?" + pairs.joined(separator: "&")
  }

  static func encode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
        UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}

/// The status and headers of a response whose body is still arriving.
struct HTTPResponse: Sendable {
  var status: Int
  var headers: HTTPHeaders
  /// Body chunks as they arrive; finishing ends the response. Dropping the iterator closes the connection.
  var body: AsyncThrowingStream<ByteBuffer, any Error>

  /// Collects the whole body.
  func collect(limit: Int = 256 * 1024 * 1024) async throws -> ByteBuffer {
    var all = ByteBuffer()
    for try await var chunk in body {
      guard all.readableBytes + chunk.readableBytes <= limit else {
        throw HTTPTransportError("response body larger than \(limit) bytes")
      }
      all.writeBuffer(&chunk)
    }
    return all
  }
}

/// A failure below HTTP: carries a readable reason, wrapped into `DockerEngineError.transport` by the client.
struct HTTPTransportError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
