import Foundation
import SkepConfig

extension CronExpression {
  /// How far `next` and `previous` look before giving up: 28 years, the cycle of weekdays and leap years.
  public static let searchYears = 28

  /// The first minute the expression is due strictly after `date`, on a clock in `timeZone`; nil when there is none
  /// within `searchYears`.
  ///
  /// Daylight saving time: a wall-clock time the clock skips (spring forward, Europe/Berlin 2026-03-29 02:30) is due
  /// at the first minute after the gap (03:00 CEST), once however many skipped times match; a wall-clock time the
  /// clock shows twice (fall back, 2026-10-25 02:30) is due once, at its first occurrence (02:30 CEST). So a job due
  /// every minute pauses for the repeated hour.
  public func next(after date: Date, in timeZone: TimeZone) -> Date? {
    var start = WallClock(date, in: timeZone).adding(minutes: 1)
    let limit = start.year + Self.searchYears
    while let wall = firstWall(from: start, through: limit) {
      let instant = timeZone.instant(of: wall)
      if instant > date { return instant }
      start = wall.adding(minutes: 1)  // the second occurrence of a repeated time, or a gap already passed
    }
    return nil
  }

  /// The last minute the expression was due strictly before `date`, on a clock in `timeZone`, by the same rules as
  /// `next(after:in:)` (so `previous(before: next(after: d))` is the last due time at or before `d`); nil when there is
  /// none within `searchYears`.
  public func previous(before date: Date, in timeZone: TimeZone) -> Date? {
    // Start from the latest wall clock `date` can show in the day around it: during a repeated hour the times shown
    // later in wall-clock order may have happened first.
    let offsets = [-86_400.0, 0, 86_400].map { timeZone.secondsFromGMT(for: date.addingTimeInterval($0)) }
    var start = WallClock(local: date.addingTimeInterval(TimeInterval(offsets.max() ?? 0)))
    let limit = start.year - Self.searchYears
    while let wall = lastWall(from: start, through: limit) {
      let instant = timeZone.instant(of: wall)
      if instant < date { return instant }
      start = wall.adding(minutes: -1)
    }
    return nil
  }

  /// Every due time in `(after, through]`, in order, at most `limit` of them.
  public func dueTimes(after: Date, through end: Date, in timeZone: TimeZone, limit: Int = .max) -> [Date] {
    var result: [Date] = []
    var cursor = after
    while result.count < limit, let due = next(after: cursor, in: timeZone), due <= end {
      result.append(due)
      cursor = due
    }
    return result
  }

  /// The first matching wall-clock minute at or after `start`, skipping by fields.
  func firstWall(from start: WallClock, through lastYear: Int) -> WallClock? {
    var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
    func nextDay() { (day, hour, minute) = (day + 1, 0, 0) }
    while year <= lastYear {
      guard month <= 12, let found = self.month.first(atLeast: month) else {
        (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0)
        continue
      }
      if found != month { (month, day, hour, minute) = (found, 1, 0, 0) }
      guard day <= WallClock.days(year: year, month: month) else {
        (month, day, hour, minute) = (month + 1, 1, 0, 0)
        continue
      }
      let weekday = WallClock.weekday(year: year, month: month, day: day)
      guard matchesDay(month: month, day: day, weekday: weekday), let foundHour = self.hour.first(atLeast: hour)
      else {
        nextDay()
        continue
      }
      if foundHour != hour { (hour, minute) = (foundHour, 0) }
      guard let foundMinute = self.minute.first(atLeast: minute) else {
        (hour, minute) = (hour + 1, 0)
        continue
      }
      return WallClock(year: year, month: month, day: day, hour: hour, minute: foundMinute)
    }
    return nil
  }

  /// The last matching wall-clock minute at or before `start`, skipping by fields.
  func lastWall(from start: WallClock, through firstYear: Int) -> WallClock? {
    var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
    func previousDay() { (day, hour, minute) = (day - 1, 23, 59) }
    while year >= firstYear {
      guard month >= 1, let found = self.month.last(atMost: month) else {
        (year, month, day, hour, minute) = (year - 1, 12, 31, 23, 59)
        continue
      }
      if found != month { (month, day, hour, minute) = (found, 31, 23, 59) }
      let days = WallClock.days(year: year, month: month)
      if day > days { (day, hour, minute) = (days, 23, 59) }
      guard day >= 1 else {
        (month, day, hour, minute) = (month - 1, 31, 23, 59)
        continue
      }
      let weekday = WallClock.weekday(year: year, month: month, day: day)
      guard matchesDay(month: month, day: day, weekday: weekday), let foundHour = self.hour.last(atMost: hour) else {
        previousDay()
        continue
      }
      if foundHour != hour { (hour, minute) = (foundHour, 59) }
      guard let foundMinute = self.minute.last(atMost: minute) else {
        (hour, minute) = (hour - 1, 59)
        continue
      }
      return WallClock(year: year, month: month, day: day, hour: hour, minute: foundMinute)
    }
    return nil
  }
}
