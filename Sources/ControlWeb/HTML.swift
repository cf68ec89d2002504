/// HTML text helpers for the pages: everything that came from the cluster, the inventory or the history goes through
/// ``escape(_:)`` before it lands in the markup.
public enum HTML {
  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe in element content and in quoted attributes.
  public static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { [38, 60, 62, 34, 39].contains($0) }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// An `id` attribute value: `prefix-` and `name` with every character but ASCII letters, digits, `-`, `_` and `.`
  /// replaced by `_`, so a test or a bookmark finds `node-node1` however odd the name.
  public static func id(_ prefix: String, _ name: String) -> String {
    var out = prefix + "-"
    for scalar in name.unicodeScalars {
      let isSafe =
        scalar.isASCII
        && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
          || scalar == "-" || scalar == "_" || scalar == ".")
      out.unicodeScalars.append(isSafe ? scalar : "_")
    }
    return out
  }
}
