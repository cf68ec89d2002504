import Foundation

extension StubDockerServer {
  /// One request the stub received, for assertions.
  public struct RecordedRequest: Sendable {
    public var method: String
    /// The path without the query, e.g. `/v1.45/nodes/abc/update`.
    public var path: String
    /// Decoded query parameters (last value wins for repeated names).
    public var query: [String: String]
    /// Decoded query parameters in order, repeated names kept (`t=a&t=b`).
    public var queryItems: [(name: String, value: String)] = []
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
      headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object (nil if it is not one).
    public var jsonObject: [String: Any]? {
      (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
  }

  /// A canned answer.
  public struct Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// Body pieces; with more than one, the answer is sent chunked, one flush per piece.
    public var chunks: [[UInt8]]
    /// Pause between pieces.
    public var delay: Duration
    /// Close the connection right after the head instead of finishing the body.
    public var abortAfterHead: Bool

    public init(
      status: Int = 200, headers: [(name: String, value: String)] = [], chunks: [[UInt8]] = [],
      delay: Duration = .zero, abortAfterHead: Bool = false
    ) {
      self.status = status
      self.headers = headers
      self.chunks = chunks
      self.delay = delay
      self.abortAfterHead = abortAfterHead
    }

    /// A JSON body (`Content-Type: application/json`).
    public static func json(_ text: String, status: Int = 200) -> Response {
      Response(status: status, headers: [("Content-Type", "application/json")], chunks: [Array(text.utf8)])
    }

    /// A plain text body.
    public static func text(_ text: String, status: Int = 200) -> Response {
      Response(status: status, headers: [("Content-Type", "text/plain")], chunks: [Array(text.utf8)])
    }

    /// No body.
    public static func empty(status: Int = 204) -> Response {
      Response(status: status)
    }

    /// Docker's error shape: `{"message": …}`.
    public static func error(_ status: Int, _ message: String) -> Response {
      let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      return .json("{\"message\":\"\(escaped)\"}", status: status)
    }

    /// A chunked streaming body, one flush per piece.
    public static func stream(
      _ chunks: [[UInt8]], contentType: String = "application/json", delay: Duration = .zero
    ) -> Response {
      Response(status: 200, headers: [("Content-Type", contentType)], chunks: chunks, delay: delay)
    }

    /// Docker's multiplexed stream frame: `[type,0,0,0,size(be32)] + payload`.
    public static func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
      let payload = Array(text.utf8)
      let size = UInt32(payload.count)
      return [
        stream, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff),
        UInt8(size & 0xff),
      ] + payload
    }
  }
}
