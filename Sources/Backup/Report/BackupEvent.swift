import Foundation
import SkepConfig

/// One JSON line the agent prints per volume (and per dump): what was backed up, how, and how it went.
/// Holds no secret: reasons are restic's or the dump's last stderr line, already redacted.
public struct BackupEvent: Sendable, Hashable, Codable {
  /// How the volume ended.
  public enum Status: String, Sendable, Hashable, Codable {
    case ok, failed, skipped
  }

  /// The `volume` of the event an agent with no volume to back up emits when the repository does not open (no
  /// Docker volume name can hold parentheses).
  public static let repositoryCheck = "(repository)"

  public var node: String
  public var volume: String
  public var kind: SnapshotTags.Kind
  public var mode: ConsistencyMode
  public var status: Status
  public var files: Int?
  public var bytesNew: Int64?
  public var bytesTotal: Int64?
  /// Seconds.
  public var duration: Double?
  /// restic's snapshot id (short form).
  public var snapshot: String?
  /// Why it failed or was skipped, or the consistency decision's reason.
  public var reason: String?
  /// True when the volume was not attempted because the node could not open the repository (checked before anything
  /// is paused); absent otherwise.
  public var repositoryUnavailable: Bool?

  /// Creates an event.
  public init(
    node: String, volume: String, kind: SnapshotTags.Kind = .files, mode: ConsistencyMode = .none,
    status: Status, files: Int? = nil, bytesNew: Int64? = nil, bytesTotal: Int64? = nil, duration: Double? = nil,
    snapshot: String? = nil, reason: String? = nil
  ) {
    self.node = node
    self.volume = volume
    self.kind = kind
    self.mode = mode
    self.status = status
    self.files = files
    self.bytesNew = bytesNew
    self.bytesTotal = bytesTotal
    self.duration = duration
    self.snapshot = snapshot
    self.reason = reason
  }

  /// A successful event from restic's summary.
  public init(
    node: String, volume: String, kind: SnapshotTags.Kind, mode: ConsistencyMode, summary: SnapshotSummary,
    reason: String? = nil
  ) {
    self.init(
      node: node, volume: volume, kind: kind, mode: mode, status: .ok, files: summary.totalFilesProcessed,
      bytesNew: summary.dataAdded, bytesTotal: summary.totalBytesProcessed, duration: summary.totalDuration,
      snapshot: summary.snapshotID, reason: reason)
  }

  /// The event as one line of JSON (sorted keys), for the job's logs.
  public func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a line of the job's logs; nil for lines that are not events (other log output).
  public static func parse(line: String) -> BackupEvent? {
    guard line.hasPrefix("{") else { return nil }
    return try? JSONDecoder().decode(BackupEvent.self, from: Data(line.utf8))
  }
}
