import Foundation

/// The JSON body of a webhook call: ntfy's JSON publish fields plus a `skep` object with the structured event.
///
/// ntfy takes a JSON publish at its server root (`POST /`): `topic` (required by ntfy), `title`, `message`,
/// `priority` (1–5) and `tags` (emoji short codes are shown as emoji); it ignores fields it does not know, so the
/// `skep` object rides along. A generic receiver reads `skep` and need not parse the text.
public struct WebhookPayload: Sendable, Hashable, Encodable {
  /// The ntfy topic; left out of the JSON when nil.
  public var topic: String?
  public var title: String
  public var message: String
  /// ntfy priority: 1 min, 2 low, 3 default, 4 high, 5 max.
  public var priority: Int
  public var tags: [String]
  public var skep: Details

  /// The event as data, for receivers that are not ntfy.
  public struct Details: Sendable, Hashable, Encodable {
    /// `jobFailed`, `jobSucceeded` or `snapshotStale`.
    public var kind: String
    public var job: String
    public var run: String
    /// RFC 3339 in UTC.
    public var time: String
    public var summary: String
    public var items: [Item]
  }

  /// One failing node/volume; absent fields are left out of the JSON.
  public struct Item: Sendable, Hashable, Encodable {
    public var node: String?
    public var volume: String?
    public var message: String
  }

  /// Renders `notification` for the topic `topic` (nil for a receiver that is not ntfy).
  public init(_ notification: Notification, topic: String?) {
    self.topic = topic
    self.title = MailContent.title(notification)
    var lines: [String] = []
    if !notification.summary.isEmpty { lines.append(notification.summary) }
    for item in notification.items {
      let label = item.label.isEmpty ? "" : item.label + ": "
      lines.append("- " + label + (MailText.lines(item.message).first ?? ""))
    }
    lines.append("run \(notification.runID) at \(DateText.rfc3339(notification.time))")
    self.message = lines.joined(separator: "\n")
    switch notification.kind {
    case .jobFailed:
      priority = 4
      tags = ["rotating_light", "skep", "failed"]
    case .snapshotStale:
      priority = 4
      tags = ["warning", "skep", "stale"]
    case .jobSucceeded:
      priority = 2
      tags = ["white_check_mark", "skep", "succeeded"]
    }
    self.skep = Details(
      kind: notification.kind.rawValue, job: notification.job, run: notification.runID,
      time: DateText.rfc3339(notification.time), summary: notification.summary,
      items: notification.items.map { Item(node: $0.node, volume: $0.volume, message: $0.message) })
  }

  /// The body as sent: compact JSON with sorted keys, so the same notification always gives the same bytes.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }
}
