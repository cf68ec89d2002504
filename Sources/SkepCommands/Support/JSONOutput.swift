import Foundation

/// Prints a value as JSON on stdout, keys sorted so output is stable for scripts and diffs.
enum JSONOutput {
  /// - Parameter isoDates: dates as ISO 8601 text (the run history's); otherwise Foundation's default.
  static func print<Value: Encodable>(_ value: Value, isoDates: Bool = false) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if isoDates { encoder.dateEncodingStrategy = .iso8601 }
    let data = try encoder.encode(value)
    Swift.print(String(decoding: data, as: UTF8.self))
  }
}
