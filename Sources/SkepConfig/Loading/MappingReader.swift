import Yams

/// Reads one YAML mapping of the inventory: checks that it is a mapping, that its keys are known strings, and hands
/// out typed values with precise errors.
struct MappingReader {
  struct Entry {
    var key: String
    var keyNode: Node
    var value: Node
  }

  let file: String
  /// How the mapping is named in messages: "the inventory", "node 'node1'", "tls".
  let name: String
  let node: Node
  let entries: [Entry]

  init(_ node: Node, name: String, file: String, allowed: [String]?) throws(InventoryError) {
    guard case .mapping(let mapping) = node else {
      throw InventoryError(
        location: SourceLocation(file: file, mark: node.mark),
        message: "\(name) must be a mapping of keys to values, found \(Self.describe(node))")
    }
    var entries: [Entry] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw InventoryError(
          location: SourceLocation(file: file, mark: keyNode.mark),
          message: "keys in \(name) must be plain strings, found \(Self.describe(keyNode))")
      }
      if let allowed, !allowed.contains(scalar.string) {
        throw InventoryError(
          location: SourceLocation(file: file, mark: keyNode.mark),
          message: Self.unknownKeyMessage(scalar.string, in: name, allowed: allowed))
      }
      entries.append(Entry(key: scalar.string, keyNode: keyNode, value: value))
    }
    self.file = file
    self.name = name
    self.node = node
    self.entries = entries
  }

  static func unknownKeyMessage(_ key: String, in name: String, allowed: [String]) -> String {
    if let suggestion = Suggestion.closest(to: key, among: allowed) {
      return "unknown key '\(key)' in \(name); did you mean '\(suggestion)'?"
    }
    return "unknown key '\(key)' in \(name) (expected one of: \(allowed.joined(separator: ", ")))"
  }

  var location: SourceLocation { location(of: node) }

  func location(of node: Node) -> SourceLocation { SourceLocation(file: file, mark: node.mark) }

  func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

  func keyLocation(_ key: String) -> SourceLocation? {
    entries.first { $0.key == key }.map { location(of: $0.keyNode) }
  }

  /// The value of a key that must be there; `meaning` tells the user what the key is for.
  func required(_ key: String, meaning: String) throws(InventoryError) -> Node {
    guard let value = value(key) else {
      throw InventoryError(location: location, message: "\(name) is missing required key '\(key)' (\(meaning))")
    }
    return value
  }

  /// A string value; any non-null scalar is accepted as its text.
  func string(_ key: String, meaning: String) throws(InventoryError) -> (value: String, location: SourceLocation) {
    let node = try required(key, meaning: meaning)
    return (try Self.string(node, what: "'\(key)'", file: file), location(of: node))
  }

  func optionalString(_ key: String) throws(InventoryError) -> (value: String, location: SourceLocation)? {
    guard let node = value(key) else { return nil }
    return (try Self.string(node, what: "'\(key)'", file: file), location(of: node))
  }

  func optionalBool(_ key: String) throws(InventoryError) -> Bool? {
    guard let node = value(key) else { return nil }
    if case .scalar(let scalar) = node, scalar.style == .plain {
      switch scalar.string {
      case "true", "True", "TRUE": return true
      case "false", "False", "FALSE": return false
      default: break
      }
    }
    throw InventoryError(
      location: location(of: node), message: "'\(key)' must be true or false, found \(Self.describe(node))")
  }

  func int(_ key: String, meaning: String) throws(InventoryError) -> (value: Int, location: SourceLocation) {
    let node = try required(key, meaning: meaning)
    if case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) {
      return (value, location(of: node))
    }
    throw InventoryError(
      location: location(of: node), message: "'\(key)' must be an integer, found \(Self.describe(node))")
  }

  static func string(_ node: Node, what: String, file: String) throws(InventoryError) -> String {
    if case .scalar(let scalar) = node, !isNull(node) {
      return scalar.string
    }
    throw InventoryError(
      location: SourceLocation(file: file, mark: node.mark),
      message: "\(what) must be a string, found \(describe(node))")
  }

  static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// A short description of what was found, for "found …" in messages.
  static func describe(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar): return isNull(node) ? "an empty value" : "'\(scalar.string)'"
    }
  }
}
