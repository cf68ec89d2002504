import SkepConfig
import Testing

@Suite struct ScheduleCronTests {
  static func parse(_ text: String) throws -> CronExpression { try CronExpression(parsing: text) }

  static func error(_ text: String) -> CronSyntaxError? {
    do {
      _ = try CronExpression(parsing: text)
      return nil
    } catch {
      return error
    }
  }

  @Test(arguments: [
    ("* * * * *", "* * * * *"),
    ("30 3 * * *", "30 3 * * *"),
    ("0 4 * * 0", "0 4 * * 0"),
    ("0 4 * * 7", "0 4 * * 0"),
    ("*/15 * * * *", "*/15 * * * *"),
    ("*/1 * * * *", "* * * * *"),
    ("0-59 * * * *", "0-59 * * * *"),
    ("0,15,30,45 8-18 * * MON-FRI", "0-45/15 8-18 * * 1-5"),
    ("  5  1,2\t1 jan,Feb,MAR *  ", "5 1,2 1 1-3 *"),
    ("0 0 1-10/3 * *", "0 0 1-10/3 * *"),
    ("0 0 * * fri-sun", "0 0 * * 0,5,6"),
    ("0 0 * * 5-7", "0 0 * * 0,5,6"),
    ("0 0 * * 0-7", "0 0 * * 0-6"),
    ("0 0 * * */2", "0 0 * * */2"),
    ("0 22-23,0-2 * * *", "0 0-2,22,23 * * *"),
    ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
    ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"), (" @DAILY ", "0 0 * * *"),
  ])
  func normalisedDescription(text: String, normal: String) throws {
    let expression = try Self.parse(text)
    #expect(expression.description == normal)
    #expect(try Self.parse(normal) == expression, "the normal form parses to the same expression")
  }

  @Test func fieldsHoldTheirValues() throws {
    let expression = try Self.parse("*/20 9-17/4 1,15 jun-aug sat,sun")
    #expect(expression.minute.values == [0, 20, 40] && expression.minute.isWildcard)
    #expect(expression.hour.values == [9, 13, 17] && !expression.hour.isWildcard)
    #expect(expression.dayOfMonth.values == [1, 15])
    #expect(expression.month.values == [6, 7, 8])
    #expect(expression.dayOfWeek.values == [0, 6])
    #expect(expression.minute.first(atLeast: 21) == 40 && expression.minute.first(atLeast: 41) == nil)
    #expect(expression.minute.last(atMost: 39) == 20 && expression.hour.last(atMost: 8) == nil)
    #expect(expression[.month] == expression.month)
  }

  @Test func vixieDayRule() throws {
    // Both restricted: either matches. 2026-06-01 is a Monday, 2026-06-05 a Friday.
    let either = try Self.parse("0 0 1 * fri")
    #expect(either.matchesDay(month: 6, day: 1, weekday: 1))
    #expect(either.matchesDay(month: 6, day: 5, weekday: 5))
    #expect(!either.matchesDay(month: 6, day: 2, weekday: 2))
    // One of them `*` (or `*/n`): both must match.
    let both = try Self.parse("0 0 */2 * fri")
    #expect(both.matchesDay(month: 6, day: 5, weekday: 5))
    #expect(!both.matchesDay(month: 6, day: 12, weekday: 5))
    #expect(!both.matchesDay(month: 6, day: 1, weekday: 1))
    let weekdaysOnly = try Self.parse("0 0 * * 1-5")
    #expect(
      weekdaysOnly.matchesDay(month: 6, day: 1, weekday: 1) && !weekdaysOnly.matchesDay(month: 6, day: 6, weekday: 6))
  }

  @Test(
    arguments: [
      (
        "", nil,
        "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or is an @name like @daily, found 0 fields in ''"
      ),
      (
        "0 3 * *", nil,
        "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or is an @name like @daily, found 4 fields in '0 3 * *'"
      ),
      (
        "0 0 3 * * *", nil,
        "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or is an @name like @daily, found 6 fields in '0 0 3 * * *'; skep's cron has no seconds or year field"
      ),
      ("@dayly", nil, "unknown cron name '@dayly'; did you mean '@daily'?"),
      (
        "@often", nil,
        "unknown cron name '@often' (expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)"
      ),
      ("60 * * * *", .minute, "the minute field must be a number from 0 to 59, found '60'"),
      ("0 24 * * *", .hour, "the hour field must be a number from 0 to 23, found '24'"),
      ("0 0 0 * *", .dayOfMonth, "the day of month field must be a number from 1 to 31, found '0'"),
      ("0 0 * 13 *", .month, "the month field must be a number from 1 to 12 or a name jan-dec, found '13'"),
      (
        "0 0 * janu *", .month,
        "the month field must be a number from 1 to 12 or a name jan-dec, found 'janu'; did you mean 'jan'?"
      ),
      (
        "0 0 * * 8", .dayOfWeek,
        "the day of week field must be a number from 0 to 7 (0 and 7 are Sunday) or a name sun-sat, found '8'"
      ),
      (
        "0 0 * * mon-fry", .dayOfWeek,
        "the day of week field must be a number from 0 to 7 (0 and 7 are Sunday) or a name sun-sat, found 'fry' in 'mon-fry'; did you mean 'fri'?"
      ),
      ("x * * * *", .minute, "the minute field must be a number from 0 to 59, found 'x'"),
      ("-5 * * * *", .minute, "the minute field must be a number from 0 to 59, found '-5'"),
      ("1,,2 * * * *", .minute, "the minute field '1,,2' has an empty entry in its list"),
      ("0 22-2 * * *", .hour, "the hour range '22-2' goes backwards; write it as two ranges, like '22-23,0-2'"),
      ("*/0 * * * *", .minute, "the step in the minute field must be a number from 1 to 59, found '0' in '*/0'"),
      ("*/60 * * * *", .minute, "the step in the minute field must be a number from 1 to 59, found '60' in '*/60'"),
      ("0-30/x * * * *", .minute, "the step in the minute field must be a number from 1 to 59, found 'x' in '0-30/x'"),
      ("5/10 * * * *", .minute, "a step needs a range in the minute field: write '5-59/10' or '*/10', found '5/10'"),
      (
        "*,5 * * * *", .minute,
        "'*' must stand alone in the minute field, found '*,5'; write the values as ranges, like 0-59"
      ),
      ("0 0 30 2 *", .dayOfMonth, "'0 0 30 2 *' never runs: there is no day 30 in feb"),
      ("0 0 31 4,jun *", .dayOfMonth, "'0 0 31 4,jun *' never runs: there is no day 31 in apr, jun"),
    ] as [(String, CronExpression.FieldName?, String)])
  func errors(text: String, field: CronExpression.FieldName?, message: String) {
    let error = Self.error(text)
    #expect(error?.message == message)
    #expect(error?.field == field)
  }

  @Test func rebootSaysWhy() {
    let error = Self.error("@reboot")
    #expect(error?.field == nil && error?.text == "@reboot")
    #expect(error?.message.hasPrefix("@reboot is not supported: skep-control runs jobs by the clock") == true)
    #expect(error?.message.contains("after every failover") == true)
  }

  @Test func errorsNameTheOffendingText() {
    #expect(Self.error("0 22-2 * * *")?.text == "22-2")
    #expect(Self.error("0 0 * * mon-fry")?.text == "fry")
    #expect(Self.error("0 3 * *")?.text == "0 3 * *")
  }

  @Test func feb29AndDayOfWeekStillRun() throws {
    _ = try Self.parse("0 0 29 2 *")
    _ = try Self.parse("0 0 30 2 mon")  // either rule: every Monday of February
    _ = try Self.parse("0 0 30,1 2 *")
  }
}
