import Foundation

/// The latest time a stopped container can have stopped, read from the container list's `Status` text
/// (`Exited (0) 5 minutes ago`).
///
/// The engine models skep has do not decode `State.FinishedAt`; Docker's text (go-units `HumanDuration`) truncates
/// the elapsed time, so `N units ago` means at least N units: `now - N units` is never earlier than the real stop.
/// Using that bound as the last use can only make a volume look used later, never earlier, so a snapshot must be
/// newer than the real stop to count. Text it cannot read gives nil (the volume is then kept).
public enum ExitedStatusText {
  /// The bound, or nil when the text is not an `Exited … ago` or `Dead` status it knows.
  public static func stoppedNoLaterThan(_ status: String, now: Date) -> Date? {
    guard status.hasPrefix("Exited"), status.hasSuffix(" ago"), let close = status.firstIndex(of: ")") else {
      return nil
    }
    let phrase = status[status.index(after: close)...].dropLast(4).trimmingCharacters(in: .whitespaces)
    guard let seconds = minimumSeconds(phrase) else { return nil }
    return now.addingTimeInterval(-seconds)
  }

  /// The least number of seconds a go-units `HumanDuration` phrase stands for.
  static func minimumSeconds(_ phrase: String) -> TimeInterval? {
    switch phrase {
    case "Less than a second": return 0
    case "About a minute": return 60
    case "About an hour": return 3600
    default: break
    }
    let words = phrase.split(separator: " ")
    guard words.count == 2, let count = Double(words[0]) else { return nil }
    let units: [String: TimeInterval] = [
      "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400,
      "year": 365 * 86400,
    ]
    let unit = words[1].hasSuffix("s") ? String(words[1].dropLast()) : String(words[1])
    return units[unit].map { count * $0 }
  }
}
