/// Turns a Dockerfile's text into its parser directives and `RawInstruction`s.
///
/// The rules follow BuildKit's parser: a line whose first non-blank character is `#` is a comment, also inside a
/// continuation; blank lines inside a continuation are skipped; a line continues when it ends with the escape
/// character followed only by blanks; a continuation still open at the end of the file ends the instruction. After an
/// instruction that opens heredocs, their bodies follow one after the other, each up to a line equal to its delimiter
/// (after removing leading tabs for `<<-`); bodies are never read as instructions.
enum InstructionReader {
  static func read(_ text: String, file: String) throws(DockerfileError) -> (ParserDirectives, [RawInstruction]) {
    // "\r\n" is one Character in Swift: split on both, then drop a stray "\r".
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map { line in
      line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }
    if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
    let directives = try ParserDirectives.read(lines, file: file)
    let escape = directives.escape
    var instructions: [RawInstruction] = []
    var index = 0
    while index < lines.count {
      if isBlankOrComment(lines[index]) {
        index += 1
        continue
      }
      var joined = SourceText()
      var continues = appendLine(lines[index], number: index + 1, to: &joined, escape: escape)
      index += 1
      while continues, index < lines.count {
        if !isBlankOrComment(lines[index]) {
          continues = appendLine(lines[index], number: index + 1, to: &joined, escape: escape)
        }
        index += 1
      }
      var instruction = split(joined, file: file)
      instruction.heredocs = try HeredocMarkers.find(in: instruction, escape: escape)
      for heredoc in instruction.heredocs {
        index = try skipBody(of: heredoc, lines: lines, from: index)
      }
      instructions.append(instruction)
    }
    return (directives, instructions)
  }

  private static func isBlankOrComment(_ line: String) -> Bool {
    guard let first = line.first(where: { !$0.isWhitespace }) else { return true }
    return first == "#"
  }

  /// Appends the line (without a trailing continuation) and says whether it continues.
  private static func appendLine(_ line: String, number: Int, to text: inout SourceText, escape: Character) -> Bool {
    let characters = Array(line)
    var end = characters.count
    while end > 0, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
    let continues = end > 0 && characters[end - 1] == escape
    text.append(characters[0..<(continues ? end - 1 : characters.count)], line: number, column: 1)
    return continues
  }

  /// Separates the keyword from the arguments.
  private static func split(_ text: SourceText, file: String) -> RawInstruction {
    let characters = text.characters
    var start = 0
    while start < characters.count, characters[start].isWhitespace { start += 1 }
    var end = start
    while end < characters.count, !characters[end].isWhitespace { end += 1 }
    var argumentsStart = end
    while argumentsStart < characters.count, characters[argumentsStart].isWhitespace { argumentsStart += 1 }
    return RawInstruction(
      keyword: String(characters[start..<end]), location: text.location(at: start, file: file),
      arguments: text.slice(argumentsStart..<characters.count), heredocs: [])
  }

  /// The index of the line after the heredoc's terminator.
  private static func skipBody(of heredoc: Heredoc, lines: [String], from start: Int) throws(DockerfileError) -> Int {
    var index = start
    while index < lines.count {
      var candidate = Substring(lines[index])
      if heredoc.stripsTabs { candidate = candidate.drop { $0 == "\t" } }
      index += 1
      if candidate == heredoc.name { return index }
    }
    throw DockerfileError(
      "unterminated heredoc: no line '\(heredoc.name)' closes the heredoc opened here", at: heredoc.location)
  }
}
