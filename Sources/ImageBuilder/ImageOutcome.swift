import Foundation

/// How one image ended in a run, for the report and the state file.
public struct ImageOutcome: Sendable, Hashable, Codable {
  /// What happened.
  public enum Result: String, Sendable, Hashable, Codable, CaseIterable {
    case built, unchanged, failed, skipped
  }

  public var image: String
  public var node: String?
  public var result: Result
  /// Seconds, start to end, on the node (nil when it never ran).
  public var duration: Double?
  /// Seconds since the run started.
  public var started: Double?
  public var ended: Double?
  /// The tags pushed (or, unchanged, the tags it already has).
  public var tags: [String]
  /// The pushed manifest's digest.
  public var digest: String?
  /// Why it failed or was skipped.
  public var reason: String?
  /// Where its full build log is.
  public var log: String?

  /// Creates an outcome.
  public init(
    image: String, node: String? = nil, result: Result, duration: Double? = nil, started: Double? = nil,
    ended: Double? = nil, tags: [String] = [], digest: String? = nil, reason: String? = nil, log: String? = nil
  ) {
    self.image = image
    self.node = node
    self.result = result
    self.duration = duration
    self.started = started
    self.ended = ended
    self.tags = tags
    self.digest = digest
    self.reason = reason
    self.log = log
  }
}
