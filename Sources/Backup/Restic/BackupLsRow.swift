import Foundation

/// One snapshot in `backup ls --json`.
public struct BackupLsRow: Codable, Sendable, Hashable {
  public var id: String
  public var shortID: String
  public var time: String
  public var volume: String
  public var kind: String?
  public var node: String?
  public var stack: String?
  public var service: String?

  public init(_ snapshot: Snapshot) {
    let tags = snapshot.skepTags
    id = snapshot.id
    shortID = snapshot.shortID
    time = Self.timeText(snapshot.time)
    volume = tags.volume
    kind = tags.kind?.rawValue
    node = tags.node
    stack = tags.stack
    service = tags.service
  }

  /// The time as `backup ls` prints it: ISO 8601, whole seconds.
  public static func timeText(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}
