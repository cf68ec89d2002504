import Yams

/// Turns text into a Yams `Node` tree, translating every Yams error into an ``InventoryError`` with a location.
enum YAMLComposer {
  static func compose(_ text: String, file: String) throws(InventoryError) -> Node? {
    do {
      return try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw translate(error, text: text, file: file)
    } catch {
      throw InventoryError(location: nil, message: "cannot read \(file) as YAML: \(error)")
    }
  }

  static func translate(_ error: YamlError, text: String, file: String) -> InventoryError {
    func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, mark: mark) }
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "invalid YAML: \(problem)"
      if problem == "but found another document" {
        message = "the inventory must be a single YAML document; found another one (a second '---')"
      } else if character(at: mark, in: text) == "\t" {
        message = "invalid YAML: tabs are not allowed for indentation; use spaces"
      } else if let context {
        message += " (\(context.text) started at \(at(context.mark)))"
      }
      return InventoryError(location: at(mark), message: message)
    case .reader(let problem, let offset, _, _):
      let position = offset.map { Self.position(atCharacterOffset: $0, in: text) } ?? (line: 1, column: 1)
      let location = SourceLocation(file: file, line: position.line, column: position.column)
      return InventoryError(location: location, message: "invalid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? "?"
      guard let second = DuplicateKeyFinder.secondOccurrence(of: key, first: context.mark, in: text) else {
        return InventoryError(location: at(context.mark), message: "duplicate key '\(key)' in the same mapping")
      }
      return InventoryError(
        location: SourceLocation(file: file, line: second.line, column: second.column),
        message: "duplicate key '\(key)' in the same mapping (first defined at \(at(context.mark)))")
    default:
      return InventoryError(location: nil, message: "cannot read \(file) as YAML: \(error)")
    }
  }

  /// The character at a 1-based mark, if any.
  static func character(at mark: Mark, in text: String) -> Character? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.indices.contains(mark.line - 1) else { return nil }
    let scalars = Array(lines[mark.line - 1].unicodeScalars)
    guard scalars.indices.contains(mark.column - 1) else { return nil }
    return Character(scalars[mark.column - 1])
  }

  /// Line and column (1-based) of the character at `offset`.
  static func position(atCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for character in text.prefix(offset) {
      if character.isNewline {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
    }
    return (line, column)
  }
}

extension SourceLocation {
  /// A location from a Yams mark (Yams marks are already 1-based); 1:1 when there is none.
  init(file: String, mark: Mark?) {
    self.init(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }
}
