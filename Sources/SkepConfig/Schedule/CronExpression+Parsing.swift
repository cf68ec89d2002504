extension CronExpression {
  /// The `@` names and the five fields each one stands for.
  public static let nicknames: [(name: String, fields: String)] = [
    ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
    ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
  ]

  static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
  static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
  /// The longest month in the months of the year (February: 29, in leap years).
  static let longestDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  /// Parses five fields separated by spaces or tabs, or an `@` name.
  ///
  /// A field is `*`, `*/n`, or a list `a,b,…` whose entries are a value `a`, a range `a-b` or a stepped range
  /// `a-b/n`. Months may be written `jan`-`dec` and days of the week `sun`-`sat` (any case); day of week 7 is Sunday
  /// like 0. `*` and `*/n` stand alone in their field. An expression that can never run (`0 0 30 2 *`) is an error.
  public init(parsing text: String) throws(CronSyntaxError) {
    let trimmed = text.trimmingWhitespace()
    if trimmed.hasPrefix("@") {
      let name = trimmed.lowercased()
      if let nickname = Self.nicknames.first(where: { $0.name == name }) {
        self = try Self(fields: nickname.fields.split(separator: " ").map(String.init), text: text)
        return
      }
      throw Self.nicknameError(trimmed)
    }
    let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard fields.count == 5 else {
      var message =
        "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or is an @name like @daily,"
        + " found \(fields.count) field\(fields.count == 1 ? "" : "s") in '\(trimmed)'"
      if fields.count == 6 { message += "; skep's cron has no seconds or year field" }
      throw CronSyntaxError(field: nil, text: text, message: message)
    }
    self = try Self(fields: fields, text: text)
  }

  private init(fields: [String], text: String) throws(CronSyntaxError) {
    var parsed: [Field] = []
    for name in FieldName.allCases {
      parsed.append(try Self.parseField(fields[name.rawValue], name))
    }
    self.init(minute: parsed[0], hour: parsed[1], dayOfMonth: parsed[2], month: parsed[3], dayOfWeek: parsed[4])
    try checkCanRun(text: text)
  }

  static func nicknameError(_ text: String) -> CronSyntaxError {
    let names = nicknames.map(\.name)
    if text.lowercased() == "@reboot" {
      return CronSyntaxError(
        field: nil, text: text,
        message: "@reboot is not supported: skep-control runs jobs by the clock, and it starts again whenever its"
          + " service moves to another manager, so 'at start' would mean 'after every failover'; use a time like"
          + " @daily")
    }
    var message = "unknown cron name '\(text)' (expected one of \(names.joined(separator: ", ")))"
    if let suggestion = Suggestion.closest(to: text.lowercased(), among: names) {
      message = "unknown cron name '\(text)'; did you mean '\(suggestion)'?"
    }
    return CronSyntaxError(field: nil, text: text, message: message)
  }

  static func parseField(_ text: String, _ name: FieldName) throws(CronSyntaxError) -> Field {
    if text == "*" || text.hasPrefix("*/") {
      let step = text == "*" ? 1 : try parseStep(String(text.dropFirst(2)), in: text, name)
      return Field(bits: bits(name.range, step: step), isWildcard: true)
    }
    var result: UInt64 = 0
    for entry in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
      if entry.isEmpty {
        throw CronSyntaxError(
          field: name, text: text, message: "the \(name) field '\(text)' has an empty entry in its list")
      }
      if entry == "*" || entry.hasPrefix("*/") {
        throw CronSyntaxError(
          field: name, text: entry,
          message: "'\(entry)' must stand alone in the \(name) field, found '\(text)'; write the values as ranges,"
            + " like \(name.range.lowerBound)-\(name.range.upperBound)")
      }
      result |= try parseEntry(entry, in: text, name)
    }
    return Field(bits: result, isWildcard: false)
  }

  /// One entry of a list: `a`, `a-b` or `a-b/n`.
  static func parseEntry(_ entry: String, in text: String, _ name: FieldName) throws(CronSyntaxError) -> UInt64 {
    let slash = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let bounds = slash[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let low = try value(bounds[0], in: text, name)
    guard bounds.count == 2 else {
      if slash.count == 2 {
        throw CronSyntaxError(
          field: name, text: entry,
          message: "a step needs a range in the \(name) field: write '\(low)-\(name.range.upperBound)/\(slash[1])'"
            + " or '*/\(slash[1])', found '\(entry)'")
      }
      return foldSunday(bits(low...low, step: 1), name)
    }
    var high = try value(bounds[1], in: text, name)
    if name == .dayOfWeek, high == 0, low > 0 { high = 7 }  // `fri-sun`: Sunday as 7 ends the week
    guard low <= high else {
      let top = name.range.upperBound
      let bottom = name.range.lowerBound
      throw CronSyntaxError(
        field: name, text: entry,
        message: "the \(name) range '\(entry)' goes backwards; write it as two ranges, like"
          + " '\(low)-\(top),\(bottom)-\(high)'")
    }
    let step = slash.count == 2 ? try parseStep(slash[1], in: entry, name) : 1
    return foldSunday(bits(low...high, step: step), name)
  }

  /// Day of week 7 is Sunday, 0.
  static func foldSunday(_ bits: UInt64, _ name: FieldName) -> UInt64 {
    guard name == .dayOfWeek, bits & (1 << 7) != 0 else { return bits }
    return (bits & ~(1 << 7)) | 1
  }

  /// A number of the field, or a month or weekday name. Day of week 7 is returned as 7 (the caller folds it to 0).
  static func value(_ text: String, in field: String, _ name: FieldName) throws(CronSyntaxError) -> Int {
    let lowered = text.lowercased()
    let names = name == .month ? monthNames : name == .dayOfWeek ? weekdayNames : []
    if let index = names.firstIndex(of: lowered) {
      return index + (name == .month ? 1 : 0)
    }
    let range = name.range
    let upper = name == .dayOfWeek ? 7 : range.upperBound
    if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
      if let number = Int(text), (range.lowerBound...upper).contains(number) {
        return name == .dayOfWeek && number == 7 ? 7 : number
      }
    }
    var expected = "a number from \(range.lowerBound) to \(upper)"
    switch name {
    case .month: expected += " or a name jan-dec"
    case .dayOfWeek: expected += " (0 and 7 are Sunday) or a name sun-sat"
    default: break
    }
    var message = "the \(name) field must be \(expected), found '\(text.isEmpty ? field : text)'"
    if field != text, !text.isEmpty { message += " in '\(field)'" }
    if !names.isEmpty, let suggestion = Suggestion.closest(to: lowered, among: names) {
      message += "; did you mean '\(suggestion)'?"
    }
    throw CronSyntaxError(field: name, text: text, message: message)
  }

  static func parseStep(_ text: String, in entry: String, _ name: FieldName) throws(CronSyntaxError) -> Int {
    let most = name.range.upperBound - name.range.lowerBound
    if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let step = Int(text), (1...most).contains(step) {
      return step
    }
    throw CronSyntaxError(
      field: name, text: entry,
      message: "the step in the \(name) field must be a number from 1 to \(most), found '\(text)' in '\(entry)'")
  }

  static func bits(_ range: ClosedRange<Int>, step: Int) -> UInt64 {
    stride(from: range.lowerBound, through: range.upperBound, by: step).reduce(0) { $0 | (1 << UInt64($1)) }
  }

  /// Refuses an expression whose days of the month never occur in its months (`0 0 31 2,4 *`), when the day of the
  /// week cannot stand in for them.
  func checkCanRun(text: String) throws(CronSyntaxError) {
    guard dayOfWeek.isWildcard, !dayOfMonth.isWildcard else { return }
    let months = month.values
    guard let firstDay = dayOfMonth.values.first, !months.contains(where: { Self.longestDay[$0 - 1] >= firstDay })
    else { return }
    let names = months.map { Self.monthNames[$0 - 1] }.joined(separator: ", ")
    let days = dayOfMonth.values.map(String.init).joined(separator: ",")
    throw CronSyntaxError(
      field: .dayOfMonth, text: text,
      message: "'\(text.trimmingWhitespace())' never runs: there is no day \(days) in \(names)")
  }
}

extension String {
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[start...end])
  }
}
