import Foundation

/// One retention group's result as the JSON line `skep agent forget` prints and `skep backup forget` reads back:
/// the volume, the kind, and the full ids of the snapshots kept and removed (oldest first).
public struct ForgetLine: Sendable, Hashable, Codable {
  public var volume: String
  /// `files` or `dump`.
  public var kind: String
  public var kept: [String]
  public var removed: [String]

  /// Creates a line.
  public init(volume: String, kind: String, kept: [String], removed: [String]) {
    self.volume = volume
    self.kind = kind
    self.kept = kept
    self.removed = removed
  }

  /// The line for one group of `Restic.forget`.
  public init(_ result: ForgetResult) {
    self.init(
      volume: result.group.volume, kind: result.group.kind?.rawValue ?? "", kept: result.kept.map(\.id),
      removed: result.removed.map(\.id))
  }

  /// The JSON text, keys sorted, on one line.
  public func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a line; nil when it is not a forget line (a log line, restic's chatter).
  public static func parse(line: String) -> ForgetLine? {
    guard line.hasPrefix("{") else { return nil }
    return try? JSONDecoder().decode(ForgetLine.self, from: Data(line.utf8))
  }
}
