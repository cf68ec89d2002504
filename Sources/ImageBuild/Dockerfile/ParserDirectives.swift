/// The parser directives at the top of a Dockerfile (`# escape=`, `# syntax=`, `# check=`).
///
/// Directives are only recognised before the first blank line, comment or instruction; an unknown key ends them (it
/// is a comment). `escape` must be a backslash or a backtick; `syntax` and `check` are accepted and ignored: skep
/// reads the file itself and does not run a frontend image.
struct ParserDirectives: Sendable, Equatable {
  /// The escape character: `\` unless `# escape=` says otherwise.
  var escape: Character = "\\"

  private static let known: Set<String> = ["escape", "syntax", "check"]

  /// Reads the directives from the first physical lines.
  static func read(_ lines: [String], file: String) throws(DockerfileError) -> ParserDirectives {
    var directives = ParserDirectives()
    var seen: [String: Int] = [:]
    for (index, line) in lines.enumerated() {
      guard let (key, value, valueColumn) = directive(in: line), known.contains(key) else { break }
      let location = DockerfileLocation(file: file, line: index + 1, column: valueColumn)
      if let first = seen[key] {
        throw DockerfileError("only one '\(key)' parser directive can be used (first at line \(first))", at: location)
      }
      seen[key] = index + 1
      if key == "escape" {
        guard value == "\\" || value == "`", let character = value.first else {
          throw DockerfileError(
            "invalid escape directive '\(value)': use a backslash (\\) or a backtick (`)", at: location)
        }
        directives.escape = character
      }
    }
    return directives
  }

  /// `(key lowercased, value, 1-based column of the value)` when `line` has the form `# key = value`.
  private static func directive(in line: String) -> (String, String, Int)? {
    let characters = Array(line)
    var index = 0
    func skipBlanks() {
      while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }
    skipBlanks()
    guard index < characters.count, characters[index] == "#" else { return nil }
    index += 1
    skipBlanks()
    let keyStart = index
    while index < characters.count, characters[index].isLetter || characters[index].isNumber { index += 1 }
    guard index > keyStart, characters[keyStart].isLetter else { return nil }
    let key = String(characters[keyStart..<index]).lowercased()
    skipBlanks()
    guard index < characters.count, characters[index] == "=" else { return nil }
    index += 1
    skipBlanks()
    let valueStart = index
    var valueEnd = characters.count
    while valueEnd > valueStart, characters[valueEnd - 1].isWhitespace { valueEnd -= 1 }
    return (key, String(characters[valueStart..<valueEnd]), valueStart + 1)
  }
}
