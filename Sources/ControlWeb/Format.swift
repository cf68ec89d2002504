import Foundation

/// How numbers, times and spans read on the pages. Every relative time is computed against a given `now` (the
/// snapshot's `generated`), never the clock, so a page is a pure function of its data.
enum Format {
  /// `1.5 GiB`, `300 B`; binary units as `df -h` prints them.
  static func bytes(_ count: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = Double(count)
    var unit = 0
    while abs(value) >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(count) B" }
    return String(format: abs(value) < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
  }

  /// `12 s`, `3 min 5 s`, `3 h 12 min`, `2 d 4 h`: the two largest units.
  static func span(_ seconds: TimeInterval) -> String {
    let magnitude = abs(seconds)
    if magnitude < 10, magnitude != magnitude.rounded(.down) {
      return String(format: "%.1f s", magnitude)
    }
    let total = Int(magnitude.rounded(.down))
    let days = total / 86_400
    let hours = total % 86_400 / 3600
    let minutes = total % 3600 / 60
    let secs = total % 60
    if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
    if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
    if minutes > 0 { return secs > 0 ? "\(minutes) min \(secs) s" : "\(minutes) min" }
    return "\(secs) s"
  }

  /// `3 h 12 min ago`, or `in 4 min` for a time after `now`; `just now` within a second.
  static func relative(_ date: Date, now: Date) -> String {
    let delta = now.timeIntervalSince(date)
    if abs(delta) < 1 { return "just now" }
    let text = span(delta.rounded(.toNearestOrAwayFromZero))
    return delta > 0 ? "\(text) ago" : "in \(text)"
  }

  /// `2025-12-06 08:21:00 UTC`.
  static func utc(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
      parts.minute ?? 0, parts.second ?? 0)
  }

  /// The first 8 characters of a snapshot id or digest (after a `sha256:` prefix), as restic and Docker shorten them.
  static func shortID(_ id: String) -> String {
    let bare = id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
    return String(bare.prefix(8))
  }
}
