import Foundation

/// Consecutive due times of one job: the first, the last and how many.
public struct DueTimes: Sendable, Hashable, CustomStringConvertible {
  /// The earliest.
  public var first: Date
  /// The latest.
  public var last: Date
  /// How many, counting both ends; at most `countLimit`.
  public var count: Int
  /// True when there are more than `countLimit` (then `count` is `countLimit`): a long downtime of a frequent job.
  public var isCountCapped: Bool

  /// The most due times counted one by one.
  public static let countLimit = 10_000

  /// Creates due times.
  public init(first: Date, last: Date, count: Int, isCountCapped: Bool = false) {
    self.first = first
    self.last = last
    self.count = count
    self.isCountCapped = isCountCapped
  }

  /// One due time.
  public init(_ due: Date) {
    self.init(first: due, last: due, count: 1)
  }

  /// `3 due times from 2026-03-01T03:00:00Z to 2026-03-03T03:00:00Z`.
  public var description: String {
    let first = first.formatted(.iso8601)
    if count == 1 { return "1 due time at \(first)" }
    return "\(isCountCapped ? "more than " : "")\(count) due times from \(first) to \(last.formatted(.iso8601))"
  }
}
