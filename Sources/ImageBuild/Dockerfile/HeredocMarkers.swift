import Foundation

/// Finds the heredocs an instruction opens. Only `RUN`, `COPY` and `ADD` in shell form take heredocs (the JSON form
/// does not); a marker is a whole word of the form `[digits]<<[-]DELIMITER` where the delimiter has no `<`, so
/// `<<<` here-strings and `"<<EOF"` inside quotes are not heredocs — the rules of BuildKit's parser.
enum HeredocMarkers {
  static let instructions: Set<String> = ["RUN", "COPY", "ADD"]

  static func find(in instruction: RawInstruction, escape: Character) throws(DockerfileError) -> [Heredoc] {
    guard instructions.contains(instruction.name), instruction.arguments.characters.contains("<") else { return [] }
    let file = instruction.location.file
    let words = ShellWords.split(instruction.arguments, escape: escape)
    let commandWords = words.drop { $0.raw.hasPrefix("--") }
    if let first = commandWords.first, isJSONForm(instruction.arguments, from: first) { return [] }
    var heredocs: [Heredoc] = []
    for word in commandWords {
      guard let marker = marker(in: word) else { continue }
      let delimiterText = word.text.slice(marker.delimiterStart..<word.text.characters.count)
      let expander = WordExpander(escape: escape, file: file) { _ in nil }
      let name = try expander.expand(ShellWord(text: delimiterText))
      guard !name.isEmpty else { continue }
      heredocs.append(
        Heredoc(
          name: name, stripsTabs: marker.stripsTabs, location: word.text.location(at: marker.markerStart, file: file)))
    }
    return heredocs
  }

  /// `(index of "<<", strips tabs, index where the delimiter starts)` for a word matching `^\d*<<-?[^<]*$`.
  private static func marker(in word: ShellWord) -> (markerStart: Int, stripsTabs: Bool, delimiterStart: Int)? {
    let characters = word.text.characters
    var index = 0
    while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
    guard index + 1 < characters.count, characters[index] == "<", characters[index + 1] == "<" else { return nil }
    let markerStart = index
    index += 2
    var stripsTabs = false
    if index < characters.count, characters[index] == "-" {
      stripsTabs = true
      index += 1
    }
    guard !characters[index...].contains("<") else { return nil }
    return (markerStart, stripsTabs, index)
  }

  /// Whether the command part (from `first` on) is a JSON array of strings.
  private static func isJSONForm(_ arguments: SourceText, from first: ShellWord) -> Bool {
    guard first.raw.hasPrefix("["), let start = arguments.positions.firstIndex(of: first.text.positions[0]) else {
      return false
    }
    let text = String(arguments.characters[start...])
    guard let data = text.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data) else {
      return false
    }
    return value is [String]
  }
}
