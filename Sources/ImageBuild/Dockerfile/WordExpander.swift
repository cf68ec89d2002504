/// Expands one shell word of a Dockerfile: removes quotes and escapes and substitutes variables.
///
/// Supported forms: `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?message}`
/// and `${VAR?message}` (the words are expanded too). Nothing is expanded inside single quotes. An unset variable
/// expands to the empty string. Pattern forms (`${VAR#…}`, `${VAR%…}`, `${VAR/…}`) are reported as unsupported.
struct WordExpander {
  /// The Dockerfile's escape character.
  var escape: Character
  /// The file name for error locations.
  var file: String
  /// The value of a variable, or nil when it is not set.
  var lookup: (String) -> String?

  func expand(_ word: ShellWord) throws(DockerfileError) -> String {
    var cursor = Cursor(text: word.text)
    return try expand(&cursor, until: nil)
  }

  private struct Cursor {
    var text: SourceText
    var index = 0
    var current: Character? { index < text.characters.count ? text.characters[index] : nil }
    func peek(_ offset: Int) -> Character? {
      index + offset < text.characters.count ? text.characters[index + offset] : nil
    }
  }

  /// Expands until `terminator` (outside quotes) or the end; the terminator is consumed.
  private func expand(_ cursor: inout Cursor, until terminator: Character?) throws(DockerfileError) -> String {
    var result = ""
    var inDouble = false
    while let character = cursor.current {
      if !inDouble, let terminator, character == terminator {
        cursor.index += 1
        return result
      }
      if character == escape {
        guard let next = cursor.peek(1) else {
          result.append(character)
          cursor.index += 1
          continue
        }
        if inDouble, next != "\"", next != "$", next != escape { result.append(character) }
        result.append(next)
        cursor.index += 2
      } else if character == "'", !inDouble {
        cursor.index += 1
        while let inner = cursor.current, inner != "'" {
          result.append(inner)
          cursor.index += 1
        }
        guard cursor.current == "'" else {
          throw DockerfileError("unterminated single quote", at: cursor.text.location(at: cursor.index, file: file))
        }
        cursor.index += 1
      } else if character == "\"" {
        inDouble.toggle()
        cursor.index += 1
      } else if character == "$" {
        result += try variable(&cursor)
      } else {
        result.append(character)
        cursor.index += 1
      }
    }
    if inDouble {
      throw DockerfileError("unterminated double quote", at: cursor.text.location(at: cursor.index, file: file))
    }
    if terminator != nil {
      throw DockerfileError(
        "missing '}' in variable substitution", at: cursor.text.location(at: cursor.index, file: file))
    }
    return result
  }

  /// Substitutes the variable that starts at the `$` under the cursor.
  private func variable(_ cursor: inout Cursor) throws(DockerfileError) -> String {
    let dollar = cursor.text.location(at: cursor.index, file: file)
    cursor.index += 1
    if cursor.current == "{" {
      cursor.index += 1
      let name = readName(&cursor)
      guard !name.isEmpty else { throw DockerfileError("missing variable name after '${'", at: dollar) }
      if cursor.current == "}" {
        cursor.index += 1
        return lookup(name) ?? ""
      }
      return try modifier(name: name, cursor: &cursor, at: dollar)
    }
    let name = readName(&cursor)
    if name.isEmpty { return "$" }
    return lookup(name) ?? ""
  }

  private func modifier(name: String, cursor: inout Cursor, at dollar: DockerfileLocation) throws(DockerfileError)
    -> String
  {
    var colon = false
    if cursor.current == ":" {
      colon = true
      cursor.index += 1
    }
    guard let operation = cursor.current, "-+?".contains(operation) else {
      let found = cursor.current.map { "'\($0)'" } ?? "the end of the word"
      throw DockerfileError(
        "unsupported variable substitution in ${\(name)…}: found \(found), expected '}', ':-', '-', ':+', '+' or ':?'",
        at: dollar)
    }
    cursor.index += 1
    let word = try expand(&cursor, until: "}")
    let value = lookup(name)
    let isSet = colon ? !(value ?? "").isEmpty : value != nil
    switch operation {
    case "-": return isSet ? (value ?? "") : word
    case "+": return isSet ? word : ""
    default:
      if isSet { return value ?? "" }
      throw DockerfileError(word.isEmpty ? "\(name): variable is not set" : "\(name): \(word)", at: dollar)
    }
  }

  private func readName(_ cursor: inout Cursor) -> String {
    var name = ""
    while let character = cursor.current,
      character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    {
      if name.isEmpty, character.isNumber { break }
      name.append(character)
      cursor.index += 1
    }
    return name
  }
}
