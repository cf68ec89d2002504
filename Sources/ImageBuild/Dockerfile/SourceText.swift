/// Characters of one logical Dockerfile line, each with the physical line and column it came from, so that errors
/// point at the right place even after line continuations were joined.
struct SourceText: Sendable, Equatable {
  /// The characters.
  var characters: [Character] = []
  /// For each character, its 1-based physical line and column.
  var positions: [Position] = []

  struct Position: Sendable, Equatable {
    var line: Int
    var column: Int
  }

  /// Appends `text`, whose first character sits at `line`, `column`.
  mutating func append<S: Sequence>(_ text: S, line: Int, column: Int) where S.Element == Character {
    var column = column
    for character in text {
      characters.append(character)
      positions.append(Position(line: line, column: column))
      column += 1
    }
  }

  /// The characters in `range` with their positions.
  func slice(_ range: Range<Int>) -> SourceText {
    SourceText(characters: Array(characters[range]), positions: Array(positions[range]))
  }

  /// The text as a string.
  var string: String { String(characters) }

  var isEmpty: Bool { characters.isEmpty }

  /// The location of the character at `index` (or just past the end when `index` is out of range).
  func location(at index: Int, file: String) -> DockerfileLocation {
    if index < positions.count {
      return DockerfileLocation(file: file, line: positions[index].line, column: positions[index].column)
    }
    guard let last = positions.last else { return DockerfileLocation(file: file, line: 1, column: 1) }
    return DockerfileLocation(file: file, line: last.line, column: last.column + 1)
  }
}
