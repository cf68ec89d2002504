import Foundation

/// One node's, or one volume's, result within a run: a backup's volume event (`files` or `dump`), a clean-up's
/// removal, a check, a build step, or a node's task that failed on its own (`volume` nil).
public struct JobRunItem: Sendable, Hashable, Codable {
  /// How the item ended.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    case ok, failed, skipped
  }

  /// The run it belongs to; nil until recorded (``RunHistoryStore/finish(id:status:message:bytesAdded:items:at:)``
  /// sets it).
  public var runID: Int64?
  /// The node (hostname).
  public var node: String
  /// The volume, when the item is about one.
  public var volume: String?
  /// What kind of work: `files`, `dump`, `clean`, `check`, `task`, `build`… (free text, short).
  public var kind: String
  /// How it ended.
  public var status: Status
  /// Why it failed or was skipped, or a note; nil when there is nothing to say.
  public var message: String?
  /// Bytes it added (restic's `data_added`…).
  public var bytesAdded: Int64?
  /// Bytes it processed in all (restic's `total_bytes_processed`…).
  public var bytesTotal: Int64?
  /// Seconds it took.
  public var duration: TimeInterval?
  /// What it produced that a person may look up: a snapshot id, an image digest…
  public var reference: String?

  /// Creates an item.
  public init(
    runID: Int64? = nil, node: String, volume: String? = nil, kind: String, status: Status, message: String? = nil,
    bytesAdded: Int64? = nil, bytesTotal: Int64? = nil, duration: TimeInterval? = nil, reference: String? = nil
  ) {
    self.runID = runID
    self.node = node
    self.volume = volume
    self.kind = kind
    self.status = status
    self.message = message
    self.bytesAdded = bytesAdded
    self.bytesTotal = bytesTotal
    self.duration = duration
    self.reference = reference
  }
}
