import Foundation

/// The subject and plain-text body of the mail for a notification (and the title and message of a webhook).
public struct MailContent: Sendable, Hashable {
  public var subject: String
  public var body: String

  /// At most this many items are named in a subject or title; the rest are counted.
  static let namedInSubject = 3

  public init(subject: String, body: String) {
    self.subject = subject
    self.body = body
  }

  /// Renders `notification`: the subject names the job and the first failing items, the body lists them all.
  public init(_ notification: Notification) {
    self.subject = "[skep] " + Self.title(notification)
    self.body = Self.body(notification)
  }

  /// "backup-nightly failed: db on node2, media on node3" — the subject without its "[skep] " prefix.
  static func title(_ notification: Notification) -> String {
    let head: String
    switch notification.kind {
    case .jobFailed: head = "\(notification.job) failed"
    case .jobSucceeded: head = "\(notification.job) succeeded"
    case .snapshotStale: head = notification.items.count == 1 ? "stale snapshot" : "stale snapshots"
    }
    let labels = notification.items.map(\.label).filter { !$0.isEmpty }
    guard !labels.isEmpty else { return head }
    var named = labels.prefix(namedInSubject).joined(separator: ", ")
    if labels.count > namedInSubject { named += " and \(labels.count - namedInSubject) more" }
    return head + ": " + named
  }

  static func body(_ notification: Notification) -> String {
    var lines = [
      "Job:     \(notification.job)",
      "Run:     \(notification.runID)",
      "Time:    \(DateText.rfc3339(notification.time))",
      "Result:  \(resultWord(notification.kind))",
      "",
    ]
    if !notification.summary.isEmpty {
      lines += [notification.summary, ""]
    }
    if !notification.items.isEmpty {
      let heading = notification.kind == .snapshotStale ? "Stale volumes" : "Failures"
      lines.append("\(heading) (\(notification.items.count)):")
      for item in notification.items {
        lines.append("- " + itemLine(item))
        for line in MailText.lines(item.message) {
          lines.append("  " + line)
        }
      }
      lines.append("")
    }
    lines += ["-- ", "skep"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// "node: node2  volume: db" with whichever of the two is known.
  static func itemLine(_ item: Notification.Item) -> String {
    var parts: [String] = []
    if let node = item.node { parts.append("node: \(node)") }
    if let volume = item.volume { parts.append("volume: \(volume)") }
    return parts.isEmpty ? "(no node or volume)" : parts.joined(separator: "  ")
  }

  static func resultWord(_ kind: Notification.Kind) -> String {
    switch kind {
    case .jobFailed: "failed"
    case .jobSucceeded: "succeeded"
    case .snapshotStale: "snapshot older than the threshold"
    }
  }
}
