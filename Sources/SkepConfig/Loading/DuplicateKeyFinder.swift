import Yams

/// Finds the second occurrence of a duplicated mapping key.
///
/// Yams 6 rejects duplicate keys while composing and reports only the first occurrence. To point at the duplicate
/// as well, this renames the first occurrence (by prefixing a probe) and composes again: the duplicate is then
/// either the only key with that name in the probed mapping, or the first occurrence Yams reports next.
enum DuplicateKeyFinder {
  static let probe = "skep-duplicate-key-probe-"

  static func secondOccurrence(of key: String, first: Mark, in text: String) -> (line: Int, column: Int)? {
    guard let probed = inserting(probe, at: first, in: text) else { return nil }
    let found: Mark?
    do {
      found = try Yams.compose(yaml: probed).flatMap { find(key, nextTo: probe, in: $0) }
    } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
      found = duplicates.first == key ? context.mark : nil
    } catch {
      found = nil
    }
    guard let found else { return nil }
    let shift = found.line == first.line && found.column > first.column ? probe.unicodeScalars.count : 0
    return (found.line, found.column - shift)
  }

  /// The text with `insertion` placed before the scalar at `mark`.
  static func inserting(_ insertion: String, at mark: Mark, in text: String) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let index = mark.line - 1
    guard lines.indices.contains(index) else { return nil }
    var scalars = Array(lines[index].unicodeScalars)
    guard mark.column - 1 <= scalars.count, mark.column >= 1 else { return nil }
    scalars.insert(contentsOf: insertion.unicodeScalars, at: mark.column - 1)
    var line = String.UnicodeScalarView()
    line.append(contentsOf: scalars)
    lines[index] = String(line)
    return lines.joined(separator: "\n")
  }

  /// The mark of the key named `key` in the mapping that also holds a key starting with `probe`.
  static func find(_ key: String, nextTo probe: String, in node: Node) -> Mark? {
    switch node {
    case .mapping(let mapping):
      if mapping.keys.contains(where: { $0.scalar?.string.hasPrefix(probe) == true }) {
        return mapping.keys.first { $0.scalar?.string == key }?.mark
      }
      for (childKey, value) in mapping {
        if let mark = find(key, nextTo: probe, in: childKey) ?? find(key, nextTo: probe, in: value) {
          return mark
        }
      }
      return nil
    case .sequence(let sequence):
      for element in sequence {
        if let mark = find(key, nextTo: probe, in: element) { return mark }
      }
      return nil
    case .scalar, .alias:
      return nil
    }
  }
}
