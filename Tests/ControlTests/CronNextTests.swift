import Control
import Foundation
import SkepConfig
import Testing

@Suite struct CronNextTests {
  @Test func strictlyAfterAndWholeMinutes() {
    let every = cron("* * * * *")
    #expect(every.next(after: at("2026-06-01T12:00:00Z"), in: utc) == at("2026-06-01T12:01:00Z"))
    #expect(every.next(after: at("2026-06-01T12:00:30Z"), in: utc) == at("2026-06-01T12:01:00Z"))
    #expect(every.next(after: at("2026-06-01T11:59:59Z"), in: utc) == at("2026-06-01T12:00:00Z"))
    #expect(every.previous(before: at("2026-06-01T12:00:00Z"), in: utc) == at("2026-06-01T11:59:00Z"))
    #expect(every.previous(before: at("2026-06-01T12:00:01Z"), in: utc) == at("2026-06-01T12:00:00Z"))
  }

  @Test func skipsByFieldsAcrossYears() {
    let leapDay = cron("0 0 29 2 *")
    #expect(leapDay.next(after: at("2026-01-01T00:00:00Z"), in: utc) == at("2028-02-29T00:00:00Z"))
    #expect(leapDay.next(after: at("2096-03-01T00:00:00Z"), in: utc) == at("2104-02-29T00:00:00Z"))
    #expect(leapDay.previous(before: at("2104-02-29T00:00:00Z"), in: utc) == at("2096-02-29T00:00:00Z"))
    let newYear = cron("@yearly")
    #expect(newYear.next(after: at("2026-01-01T00:00:00Z"), in: utc) == at("2027-01-01T00:00:00Z"))
    #expect(newYear.previous(before: at("2026-01-01T00:00:00Z"), in: utc) == at("2025-01-01T00:00:00Z"))
    #expect(cron("59 23 31 12 *").next(after: at("2026-12-31T23:59:00Z"), in: utc) == at("2027-12-31T23:59:00Z"))
  }

  @Test func vixieDayRuleInTime() {
    // 2026-03-01 is a Sunday: the first Friday is the 6th, before the 13th.
    let either = cron("0 12 13 * fri")
    #expect(either.next(after: at("2026-03-01T00:00:00Z"), in: utc) == at("2026-03-06T12:00:00Z"))
    #expect(either.next(after: at("2026-03-06T12:00:00Z"), in: utc) == at("2026-03-13T12:00:00Z"))
    #expect(either.next(after: at("2026-03-13T12:00:00Z"), in: utc) == at("2026-03-20T12:00:00Z"))
    // A `*/n` day of month counts as `*`: both must match (odd days that are Fridays).
    let both = cron("0 12 */2 * fri")
    #expect(both.next(after: at("2026-03-01T00:00:00Z"), in: utc) == at("2026-03-13T12:00:00Z"))
  }

  /// The field-skipping search agrees with checking every minute, over 40 days, for expressions of every shape.
  @Test(arguments: [
    "* * * * *", "*/7 * * * *", "5,35 */5 * * *", "0 0 * * *", "30 3 * * mon-fri", "0 4 * * 0", "15 6 1,15 * *",
    "0 12 13 * fri", "0 0 */2 * fri", "59 23 28-31 * *", "0 9-17/4 * feb,mar sat", "@monthly",
  ])
  func agreesWithAMinuteByMinuteScan(text: String) {
    let expression = cron(text)
    let start = at("2026-01-20T00:00:00Z")
    let end = start.addingTimeInterval(40 * 86_400)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    var expected: [Date] = []
    var minute = start.addingTimeInterval(60)
    while minute <= end {
      let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: minute)
      if let m = parts.minute, let h = parts.hour, let d = parts.day, let mo = parts.month, let w = parts.weekday,
        expression.minute.contains(m), expression.hour.contains(h),
        expression.matchesDay(month: mo, day: d, weekday: w - 1)
      {
        expected.append(minute)
      }
      minute = minute.addingTimeInterval(60)
    }
    let found = expression.dueTimes(after: start, through: end, in: utc)
    #expect(found == expected)
    #expect(!expected.isEmpty)
    var backwards: [Date] = []
    var cursor = end.addingTimeInterval(1)
    while let due = expression.previous(before: cursor, in: utc), due > start {
      backwards.append(due)
      cursor = due
    }
    #expect(backwards.reversed() == expected)
  }

  @Test func otherZones() {
    // US daylight saving starts 2026-03-08: Friday 09:00 EST, then Monday 09:00 EDT.
    let workdays = cron("0 9 * * mon-fri")
    let newYork = zone("America/New_York")
    #expect(workdays.next(after: at("2026-03-05T15:00:00Z"), in: newYork) == at("2026-03-06T09:00:00-05:00"))
    #expect(workdays.next(after: at("2026-03-06T15:00:00Z"), in: newYork) == at("2026-03-09T09:00:00-04:00"))
    #expect(
      cron("30 3 * * *").next(after: at("2026-06-01T00:00:00Z"), in: zone("Asia/Kolkata"))
        == at("2026-06-02T03:30:00+05:30"))
    #expect(
      cron("@daily").next(after: at("2026-06-01T00:00:00Z"), in: zone("Pacific/Auckland"))
        == at("2026-06-02T00:00:00+12:00"))
  }

  @Test func springForwardRunsAtTheFirstMinuteAfterTheGap() {
    // Europe/Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
    let daily = cron("30 2 * * *")
    #expect(daily.next(after: at("2026-03-28T12:00:00Z"), in: berlin) == at("2026-03-29T03:00:00+02:00"))
    #expect(daily.next(after: at("2026-03-29T03:00:00+02:00"), in: berlin) == at("2026-03-30T02:30:00+02:00"))
    #expect(daily.previous(before: at("2026-03-29T12:00:00+02:00"), in: berlin) == at("2026-03-29T03:00:00+02:00"))
    // Every skipped quarter hour becomes one run at 03:00, then the schedule goes on.
    let quarters = cron("*/15 * * * *")
    let night = quarters.dueTimes(
      after: at("2026-03-29T01:40:00+01:00"), through: at("2026-03-29T03:30:00+02:00"), in: berlin)
    #expect(
      night == [
        at("2026-03-29T01:45:00+01:00"), at("2026-03-29T03:00:00+02:00"), at("2026-03-29T03:15:00+02:00"),
        at("2026-03-29T03:30:00+02:00"),
      ])
  }

  @Test func fallBackRunsOnceAtTheFirstOccurrence() {
    // Europe/Berlin 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    let daily = cron("30 2 * * *")
    #expect(daily.next(after: at("2026-10-24T12:00:00Z"), in: berlin) == at("2026-10-25T02:30:00+02:00"))
    #expect(daily.next(after: at("2026-10-25T02:30:00+02:00"), in: berlin) == at("2026-10-26T02:30:00+01:00"))
    #expect(daily.next(after: at("2026-10-25T02:10:00+01:00"), in: berlin) == at("2026-10-26T02:30:00+01:00"))
    // During the repeated hour, the last due time is the last of the first pass.
    let quarters = cron("*/15 * * * *")
    #expect(quarters.previous(before: at("2026-10-25T02:20:00+01:00"), in: berlin) == at("2026-10-25T02:45:00+02:00"))
    #expect(quarters.next(after: at("2026-10-25T02:20:00+01:00"), in: berlin) == at("2026-10-25T03:00:00+01:00"))
    let night = quarters.dueTimes(
      after: at("2026-10-25T01:50:00+02:00"), through: at("2026-10-25T03:15:00+01:00"), in: berlin)
    #expect(
      night == [
        at("2026-10-25T02:00:00+02:00"), at("2026-10-25T02:15:00+02:00"), at("2026-10-25T02:30:00+02:00"),
        at("2026-10-25T02:45:00+02:00"), at("2026-10-25T03:00:00+01:00"), at("2026-10-25T03:15:00+01:00"),
      ])
    let backwards =
      [at("2026-10-25T03:15:00+01:00")]
      + (0..<5).reduce(into: [Date]()) { list, _ in
        if let due = quarters.previous(before: list.last ?? at("2026-10-25T03:15:00+01:00"), in: berlin) {
          list.append(due)
        }
      }
    #expect(backwards.reversed() == night)
  }

  @Test func aYearOfDailyDueTimesIsQuick() {
    let clock = ContinuousClock()
    var count = 0
    let elapsed = clock.measure {
      count =
        cron("30 2 * * *").dueTimes(after: at("2026-01-01T00:00:00Z"), through: at("2027-01-01T00:00:00Z"), in: berlin)
        .count
    }
    #expect(count == 365)
    #expect(elapsed < .seconds(2))
  }
}
