/// Durations as `skep.yml` writes them: whole seconds (`90`), or whole numbers with the units `h`, `m`, `s`, each at
/// most once and in that order (`90s`, `15m`, `1h`, `1h30m`, `2m30s`). No spaces, fractions or other units.
enum DurationText {
  enum Problem: Error, Equatable {
    /// Not a duration at all.
    case malformed
    /// A duration with a leading `-`.
    case negative
    /// More seconds than an `Int` holds.
    case tooLarge
  }

  /// A duration's example forms, for messages.
  static let syntax = "whole seconds like 45, or whole numbers with unit h, m or s like 90s, 15m, 1h30m"

  static let units: [(symbol: Character, seconds: Int)] = [("h", 3600), ("m", 60), ("s", 1)]

  /// The duration `text` writes, in seconds.
  static func seconds(_ text: String) -> Result<Int, Problem> {
    if text.hasPrefix("-") {
      if case .success = seconds(String(text.dropFirst())) { return .failure(.negative) }
      return .failure(.malformed)
    }
    guard let first = text.first, isDigit(first) else { return .failure(.malformed) }
    if text.allSatisfy(isDigit) { return Int(text).map { .success($0) } ?? .failure(.tooLarge) }
    var total = 0
    var number = ""
    var nextUnit = units.startIndex
    for character in text {
      if isDigit(character) {
        number.append(character)
        continue
      }
      guard !number.isEmpty, let index = units[nextUnit...].firstIndex(where: { $0.symbol == character }) else {
        return .failure(.malformed)
      }
      guard let value = Int(number) else { return .failure(.tooLarge) }
      let (part, partOverflow) = value.multipliedReportingOverflow(by: units[index].seconds)
      let (sum, sumOverflow) = total.addingReportingOverflow(part)
      guard !partOverflow, !sumOverflow else { return .failure(.tooLarge) }
      total = sum
      number = ""
      nextUnit = index + 1
    }
    // Digits after the last unit ("1h30") have no unit.
    return number.isEmpty ? .success(total) : .failure(.malformed)
  }

  static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
}
