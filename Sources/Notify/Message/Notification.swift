import Foundation

/// One event worth telling a person about: a job that failed or succeeded, or volumes whose newest snapshot is too old.
///
/// A plain value: the control service fills it in, `MailContent` and `WebhookPayload` render it, channels deliver it.
public struct Notification: Sendable, Hashable {
  /// What happened.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case jobFailed
    case jobSucceeded
    case snapshotStale
  }

  /// One thing that went wrong (or, for `snapshotStale`, one volume that is behind): where, and what was said.
  public struct Item: Sendable, Hashable {
    /// The node the work ran on, when known.
    public var node: String?
    /// The volume concerned, when there is one.
    public var volume: String?
    /// What went wrong, in the words of whatever failed (may span lines).
    public var message: String

    public init(node: String? = nil, volume: String? = nil, message: String) {
      self.node = node
      self.volume = volume
      self.message = message
    }

    /// "db on node2", "db", "node2" or "" — how subjects and titles name the item.
    public var label: String {
      switch (volume, node) {
      case (let volume?, let node?): "\(volume) on \(node)"
      case (let volume?, nil): volume
      case (nil, let node?): node
      case (nil, nil): ""
      }
    }
  }

  public var kind: Kind
  /// The job's name in `schedule:` (for `snapshotStale`, the check that found it).
  public var job: String
  /// The run's identifier in the history.
  public var runID: String
  /// When the run finished (or the check ran).
  public var time: Date
  /// One or two sentences for a person.
  public var summary: String
  /// The failing nodes and volumes (for `snapshotStale`, the stale volumes). Empty for most successes.
  public var items: [Item]

  public init(kind: Kind, job: String, runID: String, time: Date, summary: String, items: [Item] = []) {
    self.kind = kind
    self.job = job
    self.runID = runID
    self.time = time
    self.summary = summary
    self.items = items
  }
}
