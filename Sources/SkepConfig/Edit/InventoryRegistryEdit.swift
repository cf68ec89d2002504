/// Writes the top-level `registry:` value into an inventory's text, touching no other line: its comments, order and
/// layout stay as the user wrote them. Pure; the caller reloads the result to prove it still reads as intended.
public enum InventoryRegistryEdit {
  /// The text with `registry: VALUE`: the existing top-level line's value replaced (a trailing comment kept), or a
  /// new line added after the top-level `managers:` line (at the end when there is none).
  public static func setting(_ value: String, in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if let index = lines.firstIndex(where: isRegistryLine) {
      lines[index] = replacingValue(of: lines[index], with: value)
      return lines.joined(separator: "\n")
    }
    let line = "registry: \(value)"
    if let managers = lines.firstIndex(where: { isTopLevel($0, key: "managers") }) {
      lines.insert(line, at: managers + 1)
      return lines.joined(separator: "\n")
    }
    if lines.last == "" { lines.removeLast() }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }

  private static func isRegistryLine(_ line: String) -> Bool { isTopLevel(line, key: "registry") }

  /// `key:` at column 0, followed by nothing, a space or a tab.
  private static func isTopLevel(_ line: String, key: String) -> Bool {
    guard line.hasPrefix(key) else { return false }
    let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
    guard rest.first == ":" else { return false }
    let after = rest.dropFirst()
    return after.isEmpty || after.first == " " || after.first == "\t"
  }

  /// `registry: OLD  # why` → `registry: NEW  # why`. A ` #` inside quotes is part of the old value, not a comment.
  private static func replacingValue(of line: String, with value: String) -> String {
    guard let colon = line.firstIndex(of: ":") else { return "registry: \(value)" }
    let rest = line[line.index(after: colon)...]
    var quote: Character?
    var previous: Character = ":"
    for index in rest.indices {
      let character = rest[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == "#", previous == " " || previous == "\t" {
        let valueEnd = rest[..<index].lastIndex { $0 != " " && $0 != "\t" }.map { rest.index(after: $0) }
        let spacing = rest[(valueEnd ?? index)..<index]
        return "\(line[...colon]) \(value)\(spacing.isEmpty ? " " : spacing)\(rest[index...])"
      }
      previous = character
    }
    return "\(line[...colon]) \(value)"
  }
}
