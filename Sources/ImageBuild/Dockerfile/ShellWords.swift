/// One word of an instruction's arguments as written (quotes and escapes kept), with its source positions.
struct ShellWord: Sendable, Equatable {
  /// The raw characters of the word.
  var text: SourceText

  /// The raw word as written.
  var raw: String { text.string }
}

/// Splits instruction arguments into words the way the Dockerfile shell lexer does: whitespace separates words
/// outside quotes; the escape character protects the next character; single quotes protect everything up to the
/// closing quote. Quotes and escapes stay in the word: `WordExpander` removes them.
enum ShellWords {
  static func split(_ text: SourceText, escape: Character) -> [ShellWord] {
    var words: [ShellWord] = []
    var start: Int?
    var quote: Character?
    var index = 0
    let characters = text.characters
    while index < characters.count {
      let character = characters[index]
      if quote == nil, character.isWhitespace {
        if let begin = start { words.append(ShellWord(text: text.slice(begin..<index))) }
        start = nil
        index += 1
        continue
      }
      if start == nil { start = index }
      if character == escape, quote != "'" {
        index += 2
        continue
      }
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      }
      index += 1
    }
    if let begin = start { words.append(ShellWord(text: text.slice(begin..<min(index, characters.count)))) }
    return words
  }
}
