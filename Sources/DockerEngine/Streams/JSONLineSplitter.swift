/// Incrementally splits a byte stream into newline-terminated lines (JSON-lines: events, progress).
///
/// Lines may be split across reads and several may arrive in one read. Blank lines and a trailing `\r` are dropped.
public struct JSONLineSplitter: Sendable {
  private var pending: [UInt8] = []

  public init() {}

  /// Appends received bytes and returns every complete line they finish, without the newline.
  public mutating func feed(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    for byte in bytes {
      if byte == UInt8(ascii: "\n") {
        if let line = Self.trimmed(pending) { lines.append(line) }
        pending.removeAll(keepingCapacity: true)
      } else {
        pending.append(byte)
      }
    }
    return lines
  }

  /// The last line if the stream ended without a newline.
  public mutating func finish() -> [UInt8]? {
    defer { pending = [] }
    return Self.trimmed(pending)
  }

  private static func trimmed(_ line: [UInt8]) -> [UInt8]? {
    var line = line[...]
    while let last = line.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") { line = line.dropLast() }
    while let first = line.first, first == UInt8(ascii: " ") { line = line.dropFirst() }
    return line.isEmpty ? nil : Array(line)
  }
}
