/// A parsed cron schedule: the standard five fields (minute, hour, day of month, month, day of week) as sets of
/// values, with Vixie cron's day rule.
///
/// Parse with `CronExpression(parsing:)`; SkepConfig checks the syntax while loading `schedule:`, and the `Control`
/// module computes the times it is due (`next(after:in:)`, `previous(before:in:)`). Equality compares the values of
/// the fields and whether day of month and day of week are written as `*` (which changes the day rule), not the text.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
  /// The five fields, in the order they are written.
  public enum FieldName: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The values the field allows (day of week: 0-6, Sunday is 0; 7 is read as 0).
    public var range: ClosedRange<Int> {
      switch self {
      case .minute: 0...59
      case .hour: 0...23
      case .dayOfMonth: 1...31
      case .month: 1...12
      case .dayOfWeek: 0...6
      }
    }

    /// `minute`, `hour`, `day of month`, `month`, `day of week`.
    public var description: String {
      switch self {
      case .minute: "minute"
      case .hour: "hour"
      case .dayOfMonth: "day of month"
      case .month: "month"
      case .dayOfWeek: "day of week"
      }
    }
  }

  /// The values of one field.
  public struct Field: Sendable, Hashable {
    /// Bit `n` is set when value `n` is in the field.
    let bits: UInt64
    /// Written as `*` or `*/n` (for day of month and day of week this selects the day rule).
    public let isWildcard: Bool

    init(bits: UInt64, isWildcard: Bool) {
      self.bits = bits
      self.isWildcard = isWildcard
    }

    /// The values, ascending.
    public var values: [Int] { (0..<64).filter { bits & (1 << UInt64($0)) != 0 } }

    /// Whether `value` is in the field.
    public func contains(_ value: Int) -> Bool {
      (0..<64).contains(value) && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest value that is `value` or more, if any.
    public func first(atLeast value: Int) -> Int? {
      guard value < 64 else { return nil }
      let rest = bits >> UInt64(max(value, 0))
      return rest == 0 ? nil : max(value, 0) + rest.trailingZeroBitCount
    }

    /// The largest value that is `value` or less, if any.
    public func last(atMost value: Int) -> Int? {
      guard value >= 0 else { return nil }
      let kept = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
      return kept == 0 ? nil : 63 - kept.leadingZeroBitCount
    }
  }

  /// The minutes, 0-59.
  public let minute: Field
  /// The hours, 0-23.
  public let hour: Field
  /// The days of the month, 1-31.
  public let dayOfMonth: Field
  /// The months, 1-12.
  public let month: Field
  /// The days of the week, 0-6 with Sunday 0.
  public let dayOfWeek: Field

  init(minute: Field, hour: Field, dayOfMonth: Field, month: Field, dayOfWeek: Field) {
    self.minute = minute
    self.hour = hour
    self.dayOfMonth = dayOfMonth
    self.month = month
    self.dayOfWeek = dayOfWeek
  }

  /// The field called `name`.
  public subscript(_ name: FieldName) -> Field {
    switch name {
    case .minute: minute
    case .hour: hour
    case .dayOfMonth: dayOfMonth
    case .month: month
    case .dayOfWeek: dayOfWeek
    }
  }

  /// Whether a calendar day is one the expression runs on, by Vixie cron's rule: when day of month and day of week
  /// are both restricted (neither written `*` or `*/n`), a day matches if EITHER matches; otherwise both must.
  ///
  /// - Parameter weekday: 0-6, Sunday is 0.
  public func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
    guard self.month.contains(month) else { return false }
    let byDay = dayOfMonth.contains(day)
    let byWeekday = dayOfWeek.contains(weekday)
    if dayOfMonth.isWildcard || dayOfWeek.isWildcard { return byDay && byWeekday }
    return byDay || byWeekday
  }

  /// The expression in its normal form: always five fields of numbers, `*` and `*/n` only where written so (`@daily`
  /// is `0 0 * * *`, `MON-FRI` is `1-5`, `7` is `0`, `0-59` stays a range).
  public var description: String {
    FieldName.allCases.map { Self.render(self[$0], range: $0.range) }.joined(separator: " ")
  }

  static func render(_ field: Field, range: ClosedRange<Int>) -> String {
    let values = field.values
    if field.isWildcard {
      let step = values.count > 1 ? values[1] - values[0] : range.count
      return step == 1 ? "*" : "*/\(step)"
    }
    let step = values.count >= 3 ? values[1] - values[0] : 0
    if step > 1, zip(values, values.dropFirst()).allSatisfy({ $1 - $0 == step }) {
      return "\(values[0])-\(values[values.count - 1])/\(step)"
    }
    var parts: [String] = []
    var index = 0
    while index < values.count {
      var end = index
      while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
      if end - index >= 2 {
        parts.append("\(values[index])-\(values[end])")
      } else {
        parts += values[index...end].map(String.init)
      }
      index = end + 1
    }
    return parts.joined(separator: ",")
  }
}
