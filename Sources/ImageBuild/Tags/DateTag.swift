import Foundation

/// The date tag of a build: `REGISTRY/NAME:YYYYMMDD` (format configurable), pushed together with `latest`.
///
/// Rule: the first real build of an image on a day gets the plain date tag (`20240105`); a later one the same day gets
/// the next free sequence number, `20240105.2`, `20240105.3`…, counting the plain tag as 1 and taking the highest
/// existing number plus one (a deleted tag is never reused). An unchanged image is not rebuilt, so it gets no new tag.
public struct DateTag: Sendable, Equatable {
  /// The format: `%Y` year, `%m` month, `%d` day, `%H` hour, `%M` minute, `%S` second, `%%` a percent sign; other
  /// characters are copied. Default `%Y%m%d`.
  public var format: String
  /// The time zone of the date (the user's, by default).
  public var timeZone: TimeZone

  /// Creates a rule.
  public init(format: String = "%Y%m%d", timeZone: TimeZone = .current) {
    self.format = format
    self.timeZone = timeZone
  }

  /// The tag for a build at `date`, given the image's tags already in the registry.
  public func tag(for date: Date, existing: [String]) throws(DateTagError) -> String {
    let base = try render(date)
    let prefix = base + "."
    var highest = existing.contains(base) ? 1 : 0
    for tag in existing where tag.hasPrefix(prefix) {
      if let number = Int(tag.dropFirst(prefix.count)), number >= 2 { highest = max(highest, number) }
    }
    return highest == 0 ? base : "\(base).\(highest + 1)"
  }

  /// The full references to push: `REGISTRY/NAME:TAG` and `REGISTRY/NAME:latest`.
  public func references(registry: String, name: String, tag: String) -> [String] {
    ["\(registry)/\(name):\(tag)", "\(registry)/\(name):latest"]
  }

  /// The format applied to `date`; the result must be a valid tag.
  public func render(_ date: Date) throws(DateTagError) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    var result = ""
    var characters = format.makeIterator()
    while let character = characters.next() {
      guard character == "%" else {
        result.append(character)
        continue
      }
      switch characters.next() {
      case "Y": result += String(format: "%04d", parts.year ?? 0)
      case "m": result += two(parts.month)
      case "d": result += two(parts.day)
      case "H": result += two(parts.hour)
      case "M": result += two(parts.minute)
      case "S": result += two(parts.second)
      case "%": result += "%"
      case let other: throw DateTagError(format: format, reason: "unknown directive %\(other.map(String.init) ?? "")")
      }
    }
    guard ImageReferenceParser.isTag(result), result.count <= 120 else {
      throw DateTagError(format: format, reason: "'\(result)' is not a valid tag (letters, digits, '_', '.', '-')")
    }
    return result
  }
}

/// A tag format that cannot make a valid tag.
public struct DateTagError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The format.
  public var format: String
  /// What is wrong.
  public var reason: String

  public var description: String { "invalid tag format '\(format)': \(reason)" }
}
