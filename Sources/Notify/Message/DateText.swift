import Foundation

/// Dates as mail and JSON want them, in UTC with a fixed English spelling (no locale involved).
enum DateText {
  private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  private static let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    return calendar
  }()

  private static func parts(_ date: Date) -> DateComponents {
    calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
  }

  /// RFC 5322 §3.3: "Sat, 09 May 2026 14:03:07 +0000".
  static func rfc5322(_ date: Date) -> String {
    let c = parts(date)
    let day = days[((c.weekday ?? 1) - 1) % 7]
    let month = months[((c.month ?? 1) - 1) % 12]
    return "\(day), \(two(c.day)) \(month) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
  }

  /// RFC 3339 / ISO 8601 in UTC, whole seconds: "2026-05-09T14:03:07Z".
  static func rfc3339(_ date: Date) -> String {
    let c = parts(date)
    let year = String(c.year ?? 1970)
    return "\(year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
  }

  private static func two(_ value: Int?) -> String {
    let value = value ?? 0
    return value < 10 ? "0\(value)" : "\(value)"
  }
}
