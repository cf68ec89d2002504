import Foundation
import SkepConfig

/// A wall-clock minute (what a clock on the wall shows, without a time zone), in the proleptic Gregorian calendar.
///
/// Cron fields are matched against wall-clock minutes; `TimeZone` turns them into instants (`CronExpression+Next`).
struct WallClock: Hashable, Comparable, CustomStringConvertible {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int

  /// Gregorian in UTC: turns wall-clock components into seconds and back without any offset.
  static let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
    return calendar
  }()

  /// The minute `date` falls in, on a clock in `timeZone` (seconds dropped).
  init(_ date: Date, in timeZone: TimeZone) {
    self.init(local: date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date))))
  }

  /// The minute of a "local instant": wall-clock seconds counted as if the clock were in UTC.
  init(local: Date) {
    let parts = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: local)
    self.init(
      year: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0,
      minute: parts.minute ?? 0)
  }

  init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
  }

  /// This minute as a "local instant" (see `init(local:)`).
  var local: Date {
    let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    return Self.calendar.date(from: parts) ?? .distantFuture
  }

  /// The minute after or before this one.
  func adding(minutes: Int) -> WallClock { WallClock(local: local.addingTimeInterval(TimeInterval(minutes * 60))) }

  /// 0-6, Sunday 0 (Sakamoto's method).
  var weekday: Int { Self.weekday(year: year, month: month, day: day) }

  static func weekday(year: Int, month: Int, day: Int) -> Int {
    let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
    let y = month < 3 ? year - 1 : year
    return ((y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7 + 7) % 7
  }

  static func days(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func < (lhs: WallClock, rhs: WallClock) -> Bool {
    (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
  }

  var description: String {
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute))"
  }
}

extension TimeZone {
  /// The instant a wall-clock minute happens in this zone: its first occurrence when the clock shows it twice (fall
  /// back), and the end of the gap when the clock skips it (spring forward: the first minute after the gap).
  func instant(of wall: WallClock) -> Date {
    let local = wall.local
    let offsets = Set(
      [-86_400.0, 0, 86_400].map { TimeInterval(secondsFromGMT(for: local.addingTimeInterval($0))) })
    let valid = offsets.map { local.addingTimeInterval(-$0) }.filter {
      TimeInterval(secondsFromGMT(for: $0)) == local.timeIntervalSince($0)
    }
    if let first = valid.min() { return first }
    // In a gap: the first instant whose wall clock is past `wall` (every instant's wall clock differs from it).
    guard let largest = offsets.max(), let smallest = offsets.min() else { return local }
    var low = local.addingTimeInterval(-largest).timeIntervalSinceReferenceDate.rounded(.down)
    var high = local.addingTimeInterval(-smallest).timeIntervalSinceReferenceDate.rounded(.up)
    while high - low > 1 {
      let middle = ((low + high) / 2).rounded(.down)
      let instant = Date(timeIntervalSinceReferenceDate: middle)
      if instant.addingTimeInterval(TimeInterval(secondsFromGMT(for: instant))) > local {
        high = middle
      } else {
        low = middle
      }
    }
    return Date(timeIntervalSinceReferenceDate: high)
  }
}
