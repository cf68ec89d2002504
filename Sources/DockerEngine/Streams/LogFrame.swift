/// One piece of container output: which stream it came from and its bytes.
public struct LogFrame: Sendable, Equatable {
  /// The stream a frame belongs to.
  public enum Stream: Sendable, Equatable {
    case stdin, stdout, stderr
  }

  public var stream: Stream
  public var bytes: [UInt8]

  /// The bytes as UTF-8 text (invalid sequences replaced).
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public init(stream: Stream, bytes: [UInt8]) {
    self.stream = stream
    self.bytes = bytes
  }

  /// Convenience for tests and callers: a frame holding `text`.
  public init(_ stream: Stream, _ text: String) {
    self.init(stream: stream, bytes: Array(text.utf8))
  }
}
