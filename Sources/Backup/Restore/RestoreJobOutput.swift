import Foundation

/// The JSON line the restore job prints: `ok` with what it wrote, or `notEmpty` when the volume held entries and
/// `force` was not given.
public struct RestoreJobOutput: Sendable, Hashable, Codable {
  /// What the job did.
  public enum Status: String, Sendable, Hashable, Codable {
    case ok
    case notEmpty
  }

  public var status: Status
  /// Entries at the volume's top level before the restore (removed when forced).
  public var entries: Int
  /// Regular files in the volume after the restore.
  public var files: Int?
  /// Their total size in bytes.
  public var bytes: Int64?

  /// Creates an output value.
  public init(status: Status, entries: Int, files: Int? = nil, bytes: Int64? = nil) {
    self.status = status
    self.entries = entries
    self.files = files
    self.bytes = bytes
  }

  /// The last line among `lines` that decodes as an output (restic's own lines are skipped).
  public static func parse(_ lines: [String]) -> RestoreJobOutput? {
    let decoder = JSONDecoder()
    for line in lines.reversed() where line.hasPrefix("{\"status\"") {
      if let output = try? decoder.decode(RestoreJobOutput.self, from: Data(line.utf8)) { return output }
    }
    return nil
  }
}
