/// Incrementally decodes Docker's multiplexed stream (logs, attach, exec without a TTY).
///
/// Each frame is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero bytes, and the payload
/// size as a big-endian UInt32 — followed by the payload. Frames may be split across reads and several may arrive
/// in one read; feed bytes as they come and take the complete frames out.
public struct MultiplexedStreamDecoder: Sendable {
  /// The stream carried garbage where a frame header was expected.
  public struct InvalidHeader: Error, CustomStringConvertible, Sendable {
    public var header: [UInt8]
    public var description: String { "invalid multiplexed stream header \(header)" }
  }

  private var buffer: [UInt8] = []
  private var start = 0

  public init() {}

  /// Appends received bytes and returns every frame they complete, in order. Zero-length frames are returned too.
  public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [LogFrame] {
    buffer.append(contentsOf: bytes)
    var frames: [LogFrame] = []
    while buffer.count - start >= 8 {
      let type = buffer[start]
      let stream: LogFrame.Stream
      switch type {
      case 0: stream = .stdin
      case 1: stream = .stdout
      case 2: stream = .stderr
      default: throw InvalidHeader(header: Array(buffer[start..<start + 8]))
      }
      let size =
        Int(buffer[start + 4]) << 24 | Int(buffer[start + 5]) << 16 | Int(buffer[start + 6]) << 8
        | Int(buffer[start + 7])
      guard buffer.count - start >= 8 + size else { break }
      frames.append(LogFrame(stream: stream, bytes: Array(buffer[start + 8..<start + 8 + size])))
      start += 8 + size
    }
    compact()
    return frames
  }

  /// Bytes of an incomplete frame still waiting for the rest; non-zero at the end means a truncated stream.
  public var pendingByteCount: Int { buffer.count - start }

  private mutating func compact() {
    if start == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      start = 0
    } else if start > 64 * 1024 {
      buffer.removeFirst(start)
      start = 0
    }
  }
}
