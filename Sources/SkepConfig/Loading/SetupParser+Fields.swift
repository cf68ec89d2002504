import Yams

extension SetupParser {
  /// One mapping of `setup:` that hands out checked values. Messages name each key in full (`'setup.ssh.port'`,
  /// `'rotate' of logrotate rule #2`) because `user` and `port` appear in several parts.
  struct Fields {
    let reader: MappingReader
    /// Before and after a key in messages: `'setup.ssh.` + `port` + `'`.
    let prefix: String
    let suffix: String

    init(_ reader: MappingReader, prefix: String, suffix: String = "") {
      self.reader = reader
      self.prefix = prefix
      self.suffix = suffix
    }

    /// The part `setup.<key>`, which must be a mapping; `example` is one line of it, for the message.
    static func part(
      _ node: Node, key: String, example: String, allowed: [String], file: String
    ) throws(InventoryError) -> Fields {
      let path = "setup.\(key)"
      try requireMapping(node, what: "'\(path)'", example: example, file: file)
      return Fields(try MappingReader(node, name: path, file: file, allowed: allowed), prefix: "\(path).")
    }

    static func requireMapping(_ node: Node, what: String, example: String, file: String) throws(InventoryError) {
      if case .mapping = node { return }
      throw InventoryError(
        location: SourceLocation(file: file, mark: node.mark),
        message: "\(what) must be a mapping (like '\(example)'), found \(MappingReader.describe(node))")
    }

    var location: SourceLocation { reader.location }

    /// `key` as messages name it.
    func what(_ key: String) -> String { "'\(prefix)\(key)'\(suffix)" }

    /// `value`, or the error for `key` missing from this mapping.
    func required<Value>(_ value: Value?, _ key: String, meaning: String) throws(InventoryError) -> Value {
      if let value { return value }
      throw InventoryError(
        location: reader.location, message: "\(reader.name) is missing required key '\(key)' (\(meaning))")
    }

    /// A text value that `rule` accepts.
    func text(_ key: String, _ rule: TextRule) throws(InventoryError) -> Located<String>? {
      guard let node = reader.value(key) else { return nil }
      return try Self.check(node, what: what(key), rule, file: reader.file)
    }

    /// One of `choices`, with a "did you mean" for a near miss.
    func choice(_ key: String, among choices: [String]) throws(InventoryError) -> Located<String>? {
      guard let node = reader.value(key) else { return nil }
      let location = reader.location(of: node)
      if case .scalar(let scalar) = node, choices.contains(scalar.string) {
        return Located(scalar.string, at: location)
      }
      var message =
        "\(what(key)) must be one of \(choices.joined(separator: ", ")), found \(MappingReader.describe(node))"
      if case .scalar(let scalar) = node, let suggestion = Suggestion.closest(to: scalar.string, among: choices) {
        message += "; did you mean '\(suggestion)'?"
      }
      throw InventoryError(location: location, message: message)
    }

    /// An unquoted integer in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, unit: String = "") throws(InventoryError) -> Located<Int>? {
      guard let node = reader.value(key) else { return nil }
      if case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string), range.contains(value)
      {
        return Located(value, at: reader.location(of: node))
      }
      throw InventoryError(
        location: reader.location(of: node),
        message: "\(what(key)) must be an integer from \(range.lowerBound) to \(range.upperBound)\(unit), found "
          + MappingReader.describe(node))
    }

    /// An unquoted boolean, in the forms `MappingReader.optionalBool` accepts (YAML 1.2 core: `true`, `True`,
    /// `TRUE` and the same for false; not `yes`/`no`, not quoted).
    func bool(_ key: String) throws(InventoryError) -> Located<Bool>? {
      guard let node = reader.value(key) else { return nil }
      let location = reader.location(of: node)
      if case .scalar(let scalar) = node, scalar.style == .plain {
        switch scalar.string {
        case "true", "True", "TRUE": return Located(true, at: location)
        case "false", "False", "FALSE": return Located(false, at: location)
        default: break
        }
      }
      throw InventoryError(
        location: location, message: "\(what(key)) must be true or false, found \(MappingReader.describe(node))")
    }

    /// A non-empty list of texts `rule` accepts, none twice; located at the list.
    func list(_ key: String, of rule: TextRule, example: String) throws(InventoryError) -> Located<[Located<String>]>? {
      guard let node = reader.value(key) else { return nil }
      let location = reader.location(of: node)
      guard case .sequence(let sequence) = node else {
        throw InventoryError(
          location: location,
          message: "\(what(key)) must be a list (like \(example)), found \(MappingReader.describe(node))")
      }
      guard !sequence.isEmpty else {
        throw InventoryError(
          location: location, message: "\(what(key)) is empty; expected at least one entry (like \(example))")
      }
      var items: [Located<String>] = []
      var seen: [String: SourceLocation] = [:]
      for item in sequence {
        let text = try Self.check(item, what: "each entry of \(what(key))", rule, file: reader.file)
        if let first = seen[text.value] {
          throw InventoryError(
            location: text.location, message: "duplicate entry '\(text.value)' in \(what(key)) (first at \(first))")
        }
        seen[text.value] = text.location
        items.append(text)
      }
      return Located(items, at: location)
    }

    /// `node` as a text `rule` accepts, or the error naming it `what`.
    static func check(_ node: Node, what: String, _ rule: TextRule, file: String) throws(InventoryError)
      -> Located<String>
    {
      let location = SourceLocation(file: file, mark: node.mark)
      var hint: String?
      if case .scalar(let scalar) = node, !MappingReader.isNull(node) {
        if rule.accepts(scalar.string) { return Located(scalar.string, at: location) }
        hint = rule.hint(scalar.string)
      }
      let found = "\(what) must be \(rule.expected), found \(MappingReader.describe(node))"
      throw InventoryError(location: location, message: found + (hint.map { "; \($0)" } ?? ""))
    }
  }
}
