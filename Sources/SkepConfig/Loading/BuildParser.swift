import Foundation
import Yams

/// Reads and checks the `build:` section.
enum BuildParser {
  static let keys = ["tag_format", "time_zone"]
  static let directives: Set<Character> = ["Y", "m", "d", "H", "M", "S", "%"]

  static func parse(_ node: Node, file: String) throws(InventoryError) -> BuildSection {
    let section = try MappingReader(node, name: "build", file: file, allowed: keys)
    var result = BuildSection(location: section.location)
    if let format = try section.optionalString("tag_format") {
      if let problem = problem(inTagFormat: format.value) {
        throw InventoryError(location: format.location, message: "'tag_format' \(problem)")
      }
      result.tagFormat = format.value
    }
    if let zone = try section.optionalString("time_zone") {
      guard TimeZone(identifier: zone.value) != nil else {
        throw InventoryError(
          location: zone.location,
          message: "'time_zone' must be a time zone name like Europe/Paris or UTC, found '\(zone.value)'")
      }
      result.timeZone = zone.value
    }
    return result
  }

  /// Why a tag format cannot make a tag, or nil: only the date directives, and literal characters a Docker tag
  /// allows (letters, digits, `_`, `.`, `-`; not first `.` or `-`).
  static func problem(inTagFormat format: String) -> String? {
    guard !format.isEmpty else { return "is empty; the default is %Y%m%d" }
    var characters = format.makeIterator()
    var first = true
    while let character = characters.next() {
      defer { first = false }
      if character == "%" {
        guard let directive = characters.next(), directives.contains(directive), directive != "%" else {
          return "may only use %Y %m %d %H %M %S (found '\(format)')"
        }
        continue
      }
      let allowed = character.isASCII && (character.isLetter || character.isNumber || "_.-".contains(character))
      guard allowed else { return "makes invalid tags: '\(character)' is not allowed in a tag (found '\(format)')" }
      if first, character == "." || character == "-" { return "must not start with '\(character)' (found '\(format)')" }
    }
    return nil
  }
}
